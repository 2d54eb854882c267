import { definePlugin, PLUGIN_API_VERSION } from '@dawa/plugin-sdk';
import { stripeConfigSchema } from './config.js';
import { STRIPE_COUNTRIES } from './markets.js';
import { stripePayments } from './payment-provider.js';
import { STRIPE_API_BASE_URL } from './stripe-client.js';

export default definePlugin({
  name: 'payments-stripe',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  countries: STRIPE_COUNTRIES,
  description: 'Card payments through Stripe PaymentIntents: client-side checkout, signed webhooks, idempotent refunds',
  configSchema: stripeConfigSchema,
  baseUrl: () => STRIPE_API_BASE_URL,
  provides: { payment: stripePayments },
});

export type { StripeConfig } from './config.js';
export { SIGNATURE_TOLERANCE_SECONDS } from './webhook-events.js';
