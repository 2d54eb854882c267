import { createExtension, type Clock, type CreatePaymentRequest, type PaymentProvider } from '@dawa/plugin-sdk';
import { testTenant } from '@dawa/plugin-sdk/testing';
import { startMpesaFake, type MpesaFake, type MpesaFakeOptions } from '../src/fake/index.js';
import mpesa from '../src/index.js';

/** Daraja's published sandbox shortcode and passkey. */
export const SANDBOX_SHORT_CODE = '174379';
export const SANDBOX_PASSKEY = 'bfb279f9aa9bdbcf158e97dd71a467cd2e0c893059b10f78e6b72ada1ed2c919';
export const CALLBACK_TOKEN = 'k3nya-callback-token-0123456789abcdef';

export const tenant = testTenant('KE');

export const b2cAccount = { shortCode: '600981', initiatorName: 'dawa-refunds', securityCredential: 'encrypted-initiator-password' };

export const fakeOptions: MpesaFakeOptions = {
  consumerKey: 'consumer-key',
  consumerSecret: 'consumer-secret',
  shortCode: SANDBOX_SHORT_CODE,
  passkey: SANDBOX_PASSKEY,
  b2c: b2cAccount,
};

export const config = {
  environment: 'sandbox',
  consumerKey: fakeOptions.consumerKey,
  consumerSecret: fakeOptions.consumerSecret,
  shortCode: SANDBOX_SHORT_CODE,
  passkey: SANDBOX_PASSKEY,
  callbackToken: CALLBACK_TOKEN,
  refunds: {
    b2cShortCode: b2cAccount.shortCode,
    initiatorName: b2cAccount.initiatorName,
    securityCredential: b2cAccount.securityCredential,
  },
};

export const callbackUrl = `https://dawa.example/api/v1/webhooks/${tenant.slug}/payments-mpesa`;

export function paymentRequest(overrides: Partial<CreatePaymentRequest> = {}): CreatePaymentRequest {
  return {
    paymentId: '0b6a3c1e-6f2d-4f3a-9d7e-2c1b0a9f8e7d',
    amount: 1_250_00,
    currency: 'KES',
    description: 'Counter sale at Westlands',
    customer: { phone: '0708374149' },
    callbackUrl,
    ...overrides,
  };
}

/** A clock the test moves by hand. */
export function manualClock(start = new Date('2025-11-21T08:30:00Z')): Clock & { advance(ms: number): void } {
  let now = start.getTime();
  return { now: () => new Date(now), advance: (ms) => (now += ms) };
}

export async function mpesaSetup(
  options: { clock?: Clock; config?: Record<string, unknown>; fake?: Partial<MpesaFakeOptions> } = {},
): Promise<{ fake: MpesaFake; payments: PaymentProvider }> {
  const fake = await startMpesaFake({ ...fakeOptions, ...options.fake });
  const payments = createExtension(mpesa, 'payment', {
    tenant,
    config: { ...config, ...options.config },
    clock: options.clock,
    baseUrl: fake.baseUrl,
  });
  return { fake, payments };
}

/** A push the customer has paid, with its callback already verified into events. */
export async function paidPush(fake: MpesaFake, payments: PaymentProvider, request = paymentRequest()) {
  const intent = await payments.createPayment(request);
  const webhook = await fake.completePayment(intent.providerRef);
  const [paid] = await payments.parseWebhook(webhook);
  return { intent, webhook, paid };
}

/** The same delivery with its body replaced: what a forger who knows the callback URL can send. */
export function withBody(webhook: { url: string; headers: Record<string, string | string[] | undefined> }, body: unknown) {
  return { ...webhook, rawBody: Buffer.from(JSON.stringify(body)) };
}
