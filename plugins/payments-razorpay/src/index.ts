import { definePlugin, PLUGIN_API_VERSION } from '@dawa/plugin-sdk';
import { razorpayConfigSchema } from './config.js';
import { razorpayPayments } from './razorpay-payments.js';

export default definePlugin({
  name: 'payments-razorpay',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  countries: ['IN'],
  description: 'Razorpay for Indian pharmacies: UPI, card, netbanking and wallet payments via Razorpay Checkout, signed webhooks, refunds',
  configSchema: razorpayConfigSchema,
  baseUrl: () => 'https://api.razorpay.com/v1',
  provides: { payment: razorpayPayments },
});

export type { RazorpayConfig } from './config.js';
export { checkoutSignature, verifyCheckoutSignature, webhookSignature, type CheckoutResult } from './razorpay-signatures.js';
