import { createExtension, type CreatePaymentRequest, type IncomingWebhook, type PaymentProvider } from '@dawa/plugin-sdk';
import { testTenant } from '@dawa/plugin-sdk/testing';
import { startRazorpayFake, type RazorpayFake, type RazorpayFakeOptions } from '../src/fake/index.js';
import razorpay, { webhookSignature } from '../src/index.js';

export const tenant = testTenant('IN', { slug: 'apollo-test' });

export const credentials = {
  keyId: 'rzp_test_1DP5mmOlF5G5ag',
  keySecret: 'thisisasupersecret',
  webhookSecret: 'webhook-secret-from-dashboard',
};

/** What Razorpay expects in `Authorization`: Basic key_id:key_secret. */
export const basicAuthorization = (keySecret = credentials.keySecret) =>
  `Basic ${Buffer.from(`${credentials.keyId}:${keySecret}`).toString('base64')}`;

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

/** A delivery signed with the tenant's webhook secret, for bodies the fake would never send. */
export const signedWebhook = (body: string, headers: Record<string, string> = {}): IncomingWebhook => ({
  rawBody: Buffer.from(body),
  url: `https://dawa.example/api/v1/webhooks/${tenant.slug}/payments-razorpay`,
  headers: {
    'x-razorpay-signature': webhookSignature(credentials.webhookSecret, body),
    'x-razorpay-event-id': 'Ka1b2c3d4e5f6g',
    ...headers,
  },
});

/** The Razorpay event names of signed deliveries, in order. */
export const eventNames = (webhooks: readonly IncomingWebhook[]) =>
  webhooks.map((webhook) => (JSON.parse(Buffer.from(webhook.rawBody).toString('utf8')) as { event: string }).event);

/** An order as a merchant with manual capture creates it: its payments stay authorized until captured. */
export const manualCaptureOrder = (fake: RazorpayFake, amount: number): Promise<{ id: string }> =>
  fetch(`${fake.baseUrl}/orders`, {
    method: 'POST',
    headers: { authorization: basicAuthorization(), 'content-type': 'application/json' },
    body: JSON.stringify({ amount, currency: 'INR', payment: { capture: 'manual' } }),
  }).then((response) => response.json() as Promise<{ id: string }>);
