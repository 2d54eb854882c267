import { secret, z } from '@dawa/plugin-sdk';

const modeOf = (key: string) => (key.includes('_live_') ? 'live' : 'test');

export const stripeConfigSchema = z
  .object({
    /** Secret or restricted API key of the tenant's Stripe account; it never leaves the server. */
    secretKey: secret(z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, 'must be a Stripe secret key: sk_test_… or sk_live_…')),
    /** The publishable key Stripe.js and the POS card reader need to complete a PaymentIntent. */
    publishableKey: z.string().regex(/^pk_(test|live)_[A-Za-z0-9]+$/, 'must be a Stripe publishable key: pk_test_… or pk_live_…'),
    /** Signing secret of the webhook endpoint registered in the tenant's Stripe dashboard. */
    webhookSecret: secret(z.string().regex(/^whsec_[A-Za-z0-9]+$/, 'must be a webhook signing secret: whsec_…')),
    /** `manual` authorises at checkout and captures later (pick-up of a held prescription). */
    captureMethod: z.enum(['automatic', 'manual']).default('automatic'),
    /**
     * Appended to the account's statement descriptor on the cardholder's statement. Stripe refuses a full
     * `statement_descriptor` for card payments, so this is sent as `statement_descriptor_suffix`.
     */
    statementDescriptor: z
      .string()
      .max(22)
      .regex(/[A-Za-z]/, 'must contain a letter')
      .regex(/^[^<>\\'"*]+$/, 'may not contain < > \\ \' " *')
      .optional(),
  })
  .superRefine((config, issues) => {
    if (modeOf(config.secretKey) !== modeOf(config.publishableKey)) {
      issues.addIssue({ code: 'custom', path: ['publishableKey'], message: 'must be from the same mode (test or live) as the secret key' });
    }
  });

export type StripeConfig = z.output<typeof stripeConfigSchema>;
