import { secret, z } from '@dawa/plugin-sdk';

/** Razorpay API keys: test keys talk to the test mode of the same API host, live keys move money. */
export const RAZORPAY_KEY_ID = /^rzp_(test|live)_[A-Za-z0-9]+$/;

export const razorpayConfigSchema = z.object({
  keyId: z
    .string()
    .trim()
    .regex(RAZORPAY_KEY_ID, 'must be a Razorpay key id such as rzp_test_1DP5mmOlF5G5ag')
    .meta({ title: 'Key id', description: 'Dashboard → Account & Settings → API Keys. Public: Checkout needs it on the POS.' }),
  keySecret: secret(z.string().min(1).meta({ title: 'Key secret' })),
  webhookSecret: secret(
    z.string().min(1).meta({
      title: 'Webhook secret',
      description: 'The secret typed in when adding the webhook in the dashboard; it signs webhooks and is not the key secret.',
    }),
  ),
  checkoutName: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .optional()
    .meta({ title: 'Checkout name', description: 'The business name Checkout shows the customer; the chain’s slug when not set.' }),
});

export type RazorpayConfig = z.output<typeof razorpayConfigSchema>;
