import { secret, z } from '@dawa/plugin-sdk';

export const PLUGIN_NAME = 'sms-twilio';

/** E.164: a plus, a country code and at most 15 digits in all — the only form Twilio takes for `To` and `From`. */
export const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * A tenant's Twilio account. Messages leave either from one of the account's numbers (`from`) or through one of its
 * Messaging Services (`messagingServiceSid`, which picks the sender and handles STOP/START) — exactly one of the two.
 */
export const twilioConfigSchema = z
  .object({
    accountSid: z
      .string()
      .regex(/^AC[0-9a-f]{32}$/, 'an Account SID: AC followed by 32 hex digits')
      .meta({ title: 'Account SID', description: 'Twilio Console → Account info: AC followed by 32 hex digits.' }),
    authToken: secret(
      z.string().min(1).meta({ title: 'Auth token', description: 'Twilio Console → Account info; it also signs status callbacks.' }),
    ),
    from: z.string().regex(E164, 'an E.164 phone number such as +14155550100').optional().meta({
      title: 'From number',
      description: 'One of the account’s numbers in E.164 form (+14155550100). Set this or a Messaging Service.',
    }),
    messagingServiceSid: z
      .string()
      .regex(/^MG[0-9a-f]{32}$/, 'a Messaging Service SID: MG followed by 32 hex digits')
      .optional()
      .meta({
        title: 'Messaging Service SID',
        description: 'MG followed by 32 hex digits; the service picks the sender and handles STOP/START.',
      }),
  })
  .refine((config) => (config.from === undefined) !== (config.messagingServiceSid === undefined), {
    message: 'set exactly one of from and messagingServiceSid',
    path: ['from'],
  });

export type TwilioConfig = z.output<typeof twilioConfigSchema>;
