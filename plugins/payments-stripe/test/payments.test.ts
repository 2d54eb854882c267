import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createExtension, type CreatePaymentRequest, type PaymentProvider } from '@dawa/plugin-sdk';
import { recordingLogger, rejectsWithCode, testTenant } from '@dawa/plugin-sdk/testing';
import Stripe from 'stripe';
import { startStripeFake, type StripeFake } from '../src/fake/index.js';
import plugin from '../src/index.js';
import { config, credentials, SECRET_KEY, usTenant } from './fixtures.js';

const request = (paymentId: string, overrides: Partial<CreatePaymentRequest> = {}): CreatePaymentRequest => ({
  paymentId,
  amount: 12_345,
  currency: 'USD',
  description: 'Sale 1042, Main St pharmacy',
  callbackUrl: 'http://127.0.0.1/api/v1/webhooks/test-us/payments-stripe',
  ...overrides,
});

describe('payments-stripe against the Stripe fake', () => {
  let fake: StripeFake;
  let payments: PaymentProvider;
  const extension = (overrides: object = {}, baseUrl = fake.baseUrl) =>
    createExtension(plugin, 'payment', { tenant: usTenant, config: { ...config, ...overrides }, baseUrl });

  before(async () => {
    fake = await startStripeFake(credentials);
    payments = extension();
  });
  after(() => fake.stop());

  it('creates a card PaymentIntent keyed by the Dawa payment id and hands the checkout its client secret', async () => {
    const intent = await payments.createPayment(request('pay-create-1', { metadata: { sale: '1042' } }));
    const stored = fake.paymentIntent(intent.providerRef);
    assert.equal(stored.amount, 12_345);
    assert.equal(stored.currency, 'usd');
    assert.deepEqual(stored.allowed_payment_method_types, ['card']);
    assert.equal(stored.capture_method, 'automatic');
    assert.equal(stored.description, 'Sale 1042, Main St pharmacy');
    assert.deepEqual(stored.metadata, { sale: '1042', dawa_payment_id: 'pay-create-1', dawa_tenant: 'test-us' });
    const created = fake
      .events()
      .find((e) => e.type === 'payment_intent.created' && (e.data.object as { id: string }).id === intent.providerRef);
    assert.equal(created?.request.idempotency_key, 'pay-create-1');
    assert.deepEqual(intent.action, {
      type: 'client_checkout',
      parameters: {
        provider: 'stripe',
        publishable_key: config.publishableKey,
        payment_intent: stored.id,
        client_secret: stored.client_secret,
      },
    });
    assert.equal(intent.currency, 'USD');
  });

  it('returns the same PaymentIntent when the same payment is created again, and refuses the id for a different payment', async () => {
    const first = await payments.createPayment(request('pay-retry-1'));
    const again = await payments.createPayment(request('pay-retry-1'));
    assert.equal(again.providerRef, first.providerRef);
    await rejectsWithCode(payments.createPayment(request('pay-retry-1', { amount: 99_00 })), 'invalid_input', 'paymentId');
  });

  it('refuses amounts and currencies Stripe would not charge, naming the field', async () => {
    await rejectsWithCode(payments.createPayment(request('pay-small', { amount: 49 })), 'invalid_input', 'amount');
    await rejectsWithCode(payments.createPayment(request('pay-fraction', { amount: 10.5 })), 'invalid_input', 'amount');
    await rejectsWithCode(payments.createPayment(request('pay-kes', { currency: 'KES' })), 'invalid_input', 'currency');
    await rejectsWithCode(payments.createPayment(request('pay-upi', { method: 'upi' })), 'invalid_input', 'method');
  });

  it('authorises only, under manual capture, and reports the payment pending and unpaid until captured', async () => {
    const manual = extension({ captureMethod: 'manual', statementDescriptor: 'RX 1042' });
    const intent = await manual.createPayment(request('pay-manual-1'));
    assert.equal(fake.paymentIntent(intent.providerRef).statement_descriptor_suffix, 'RX 1042');
    const customerPays = await fetch(`${fake.baseUrl}/__sandbox/payment_intents/${intent.providerRef}/succeed`, { method: 'POST' });
    const { payment_intent, webhooks } = (await customerPays.json()) as {
      payment_intent: { status: string };
      webhooks: Array<{ type: string }>;
    };
    assert.equal(payment_intent.status, 'requires_capture');
    assert.deepEqual(
      webhooks.map((w) => w.type),
      ['charge.succeeded', 'payment_intent.amount_capturable_updated'],
    );
    const status = await manual.fetchStatus(intent.providerRef);
    assert.deepEqual([status.status, status.amountPaid, status.providerPaymentIds], ['pending', 0, []]);
  });

  it('reports a paid, partly refunded payment with its charge and refunded amount', async () => {
    const intent = await payments.createPayment(request('pay-status-1'));
    await fake.completePayment(intent.providerRef);
    await payments.refund({ refundId: 'refund-status-1', providerRef: intent.providerRef, amount: 2_345, currency: 'USD' });
    const status = await payments.fetchStatus(intent.providerRef);
    assert.equal(status.status, 'succeeded');
    assert.equal(status.amount, 12_345);
    assert.equal(status.amountPaid, 12_345);
    assert.equal(status.amountRefunded, 2_345);
    assert.deepEqual(status.providerPaymentIds, [fake.paymentIntent(intent.providerRef).latest_charge]);
  });

  it('reports a declined payment as failed and a cancelled one as cancelled', async () => {
    const declined = await payments.createPayment(request('pay-declined-1'));
    await fake.failPayment(declined.providerRef);
    assert.equal((await payments.fetchStatus(declined.providerRef)).status, 'failed');
    const abandoned = await payments.createPayment(request('pay-abandoned-1'));
    const { hostname, port } = new URL(fake.baseUrl);
    await new Stripe(SECRET_KEY, { host: hostname, port: Number(port), protocol: 'http' }).paymentIntents.cancel(abandoned.providerRef);
    assert.equal((await payments.fetchStatus(abandoned.providerRef)).status, 'cancelled');
  });

  it('refuses refunds Stripe cannot make: another amount under a used refund id, more than was paid, an unpaid or unknown payment', async () => {
    const intent = await payments.createPayment(request('pay-refund-1'));
    await fake.completePayment(intent.providerRef);
    const refund = { refundId: 'refund-1', providerRef: intent.providerRef, amount: 1_000, currency: 'USD' };
    const first = await payments.refund(refund);
    assert.deepEqual([first.status, first.amount, first.refundId], ['succeeded', 1_000, 'refund-1']);
    await rejectsWithCode(payments.refund({ ...refund, amount: 2_000 }), 'invalid_input', 'refundId');
    await rejectsWithCode(payments.refund({ ...refund, refundId: 'refund-2', amount: 20_000 }), 'invalid_input', 'amount');
    const unpaid = await payments.createPayment(request('pay-unpaid-1'));
    await rejectsWithCode(
      payments.refund({ ...refund, refundId: 'refund-3', providerRef: unpaid.providerRef }),
      'invalid_input',
      'providerRef',
    );
    await rejectsWithCode(
      payments.refund({ ...refund, refundId: 'refund-4', providerRef: 'pi_doesnotexist' }),
      'invalid_input',
      'providerRef',
    );
    await rejectsWithCode(payments.fetchStatus('../v1/charges'), 'invalid_input', 'providerRef');
    assert.equal(await fake.refundedAmount(intent.providerRef), 1_000);
  });

  it("reports a rejected API key as the tenant's configuration problem without repeating any part of the key", async () => {
    const wrongKey = 'sk_test_51WrongKeyWrongKeyWrongKey9876';
    const logger = recordingLogger();
    const wrong = createExtension(plugin, 'payment', {
      tenant: usTenant,
      config: { ...config, secretKey: wrongKey },
      baseUrl: fake.baseUrl,
      logger,
    });
    await assert.rejects(wrong.createPayment(request('pay-wrong-key')), (error: Error & { code: string }) => {
      assert.equal(error.code, 'vendor_authentication_failed');
      assert.match(error.message, /Invalid API Key provided/);
      assert.doesNotMatch(error.message, /sk_|9876/);
      return true;
    });
    assert.ok(logger.entries.every((entry) => !JSON.stringify(entry).includes(wrongKey)));
  });

  it('reports Stripe being unreachable as upstream_unavailable', async () => {
    const unreachable = extension({}, 'http://127.0.0.1:9');
    await rejectsWithCode(unreachable.fetchStatus('pi_3QdawaTest000000000000001'), 'upstream_unavailable');
  });
});

describe('payments-stripe configuration and markets', () => {
  const configure =
    (overrides: object, tenant = usTenant) =>
    () =>
      createExtension(plugin, 'payment', { tenant, config: { ...config, ...overrides } });
  const configIssues = (overrides: object) => {
    try {
      configure(overrides)();
      return [];
    } catch (error) {
      return (error as { issues: Array<{ field: string }> }).issues.map((issue) => issue.field);
    }
  };

  it('keeps both keys secret and refuses keys of the wrong kind or of mixed modes', () => {
    assert.deepEqual([...plugin.secretFields].sort(), ['secretKey', 'webhookSecret']);
    assert.deepEqual(configIssues({ secretKey: 'pk_test_abc' }), ['secretKey']);
    assert.deepEqual(configIssues({ webhookSecret: 'sk_test_abc' }), ['webhookSecret']);
    assert.deepEqual(configIssues({ publishableKey: 'pk_live_abc' }), ['publishableKey']);
    assert.deepEqual(configIssues({ statementDescriptor: '12345' }), ['statementDescriptor']);
    assert.deepEqual(configIssues({ secretKey: 'rk_test_restricted1', captureMethod: 'manual' }), []);
  });

  it('talks to api.stripe.com unless the host points it elsewhere', () => {
    assert.equal(plugin.baseUrl?.(config as never), 'https://api.stripe.com');
  });

  it('serves US and UK chains and refuses Kenyan and Indian ones, where Stripe does not take them on', () => {
    assert.doesNotThrow(configure({}, testTenant('US', { currency: 'USD' })));
    assert.doesNotThrow(configure({}, testTenant('US', { country: 'GB', currency: 'GBP', timezone: 'Europe/London' })));
    assert.throws(configure({}, testTenant('KE')), { code: 'country_not_supported' });
    assert.throws(configure({}, testTenant('IN')), { code: 'country_not_supported' });
  });
});
