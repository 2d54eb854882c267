import { createExtension, type CreatePaymentRequest, type PaymentProvider } from '@dawa/plugin-sdk';
import { testTenant } from '@dawa/plugin-sdk/testing';
import { startRazorpayFake, type RazorpayFakeOptions } from '../src/fake/index.js';
import razorpay from '../src/index.js';

export const tenant = testTenant('IN', { slug: 'apollo-test' });

export const credentials = {
  keyId: 'rzp_test_1DP5mmOlF5G5ag',
  keySecret: 'thisisasupersecret',
  webhookSecret: 'webhook-secret-from-dashboard',
};

export const config = { ...credentials, checkoutName: 'Apollo Pharmacy' };

/** A fake whose refunds stay pending until a test settles them, so nothing changes under an assertion. */
export const startFake = (options: Partial<RazorpayFakeOptions> = {}) =>
  startRazorpayFake({ ...credentials, refundProcessingMs: Infinity, ...options });

export const paymentsAgainst = (baseUrl: string, overrides: Partial<typeof config> = {}): PaymentProvider =>
  createExtension(razorpay, 'payment', { tenant, config: { ...config, ...overrides }, baseUrl });

export const paymentRequest = (paymentId: string, overrides: Partial<CreatePaymentRequest> = {}): CreatePaymentRequest => ({
  paymentId,
  amount: 1_250_00,
  currency: 'INR',
  description: 'Counter sale',
  callbackUrl: `http://127.0.0.1/api/v1/webhooks/${tenant.slug}/payments-razorpay`,
  ...overrides,
});
