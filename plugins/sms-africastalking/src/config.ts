import { secret, z } from '@dawa/plugin-sdk';

export const PLUGIN_NAME = 'sms-africastalking';

/** A tenant's Africa's Talking app, as its dashboard shows it. */
export const configSchema = z.object({
  username: z
    .string()
    .min(1)
    .meta({ title: 'Username', description: 'The app’s username; sandbox for the sandbox app, which also selects the sandbox host.' }),
  apiKey: secret(z.string().min(1).meta({ title: 'API key', description: 'Dashboard → Settings → API Key.' })),
  from: z.string().min(1).optional().meta({
    title: 'Sender ID',
    description: 'A registered alphanumeric sender ID or short code; Africa’s Talking’s default sender otherwise.',
  }),
  /** Delivery reports are not signed: a report is only believed when it arrives at the URL ending in this token. */
  callbackToken: secret(
    z.string().min(32).meta({
      title: 'Callback token',
      description: 'At least 32 random characters; the delivery-report URL in the dashboard ends in it.',
    }),
  ),
});

export type AfricasTalkingConfig = z.output<typeof configSchema>;

export const baseUrl = ({ username }: AfricasTalkingConfig) =>
  username === 'sandbox' ? 'https://api.sandbox.africastalking.com' : 'https://api.africastalking.com';
