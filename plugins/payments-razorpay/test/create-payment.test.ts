import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createExtension, PluginConfigError, type PaymentProvider } from '@dawa/plugin-sdk';
import { rejectsWithCode } from '@dawa/plugin-sdk/testing';
import type { RazorpayFake } from '../src/fake/index.js';
import razorpay from '../src/index.js';
import { basicAuthorization, config, credentials, paymentRequest, paymentsAgainst, startFake, tenant } from './fixtures.js';

describe('Razorpay payments: creating the order', () => {
  let fake: RazorpayFake;
  let payments: PaymentProvider;
  const order = (orderId: string) =>
    fetch(`${fake.baseUrl}/orders/${orderId}`, { headers: { authorization: basicAuthorization() } }).then(
      (response) => response.json() as Promise<{ amount: number; currency: string; receipt: string; notes: Record<string, string> }>,
    );

  before(async () => {
    fake = await startFake();
    payments = paymentsAgainst(fake.baseUrl);
  });
  after(() => fake.stop());

  it('creates an order for the amount in paise and hands the POS what Razorpay Checkout needs', async () => {
    const intent = await payments.createPayment(
      paymentRequest('sale-create-1', {
        method: 'upi',
        customer: { name: 'Asha Rao', phone: '+919812345678' },
        metadata: { store: 'Andheri' },
      }),
    );
    assert.match(intent.providerRef, /^order_[A-Za-z0-9]{14}$/);
    assert.deepEqual([intent.status, intent.amount, intent.currency], ['pending', 1_250_00, 'INR']);
    assert.deepEqual(intent.action, {
      type: 'client_checkout',
      parameters: {
        key: credentials.keyId,
        order_id: intent.providerRef,
        amount: '125000',
        currency: 'INR',
        name: 'Apollo Pharmacy',
        description: 'Counter sale',
        'prefill.name': 'Asha Rao',
        'prefill.contact': '+919812345678',
        'prefill.method': 'upi',
      },
    });
    const created = await order(intent.providerRef);
    assert.deepEqual([created.amount, created.currency, created.receipt], [1_250_00, 'INR', 'sale-create-1']);
    assert.deepEqual(created.notes, { store: 'Andheri', dawa_payment_id: 'sale-create-1' });
  });

  it('pays a Dawa id longer than a Razorpay receipt, and still names it when the order is paid', async () => {
    const paymentId = `payment-${'x'.repeat(60)}`;
    const intent = await payments.createPayment(paymentRequest(paymentId));
    assert.equal((await order(intent.providerRef)).receipt.length, 40);
    const { webhooks } = await fake.pay(intent.providerRef);
    const paid = (await payments.parseWebhook(webhooks[1]))[0];
    assert.equal(paid.paymentId, paymentId);
  });

  it("turns Razorpay's refusal of an amount or currency into bad input on that field, in Razorpay's words", async () => {
    await assert.rejects(
      payments.createPayment(paymentRequest('sale-create-tiny', { amount: 50 })),
      (error: Error & { code: string; issues: unknown }) => {
        assert.equal(error.code, 'invalid_input');
        assert.deepEqual(error.issues, [{ field: 'amount', message: 'Razorpay: The amount must be at least INR 1.00' }]);
        return true;
      },
    );
    await rejectsWithCode(payments.createPayment(paymentRequest('sale-create-usd', { currency: 'USD' })), 'invalid_input', 'currency');
  });

  it('reports keys Razorpay refuses as a configuration problem, without repeating the secret', async () => {
    const wrongKeys = paymentsAgainst(fake.baseUrl, { keySecret: 'an-old-rotated-secret' });
    await assert.rejects(wrongKeys.createPayment(paymentRequest('sale-create-wrong-keys')), (error: Error & { code: string }) => {
      assert.equal(error.code, 'vendor_auth_failed');
      assert.match(error.message, /Authentication failed/);
      assert.doesNotMatch(error.message, /an-old-rotated-secret/);
      return true;
    });
  });

  it('reports an unreachable Razorpay as such, so the host can retry', async () => {
    const stopped = await startFake();
    await stopped.stop();
    await rejectsWithCode(paymentsAgainst(stopped.baseUrl).createPayment(paymentRequest('sale-create-offline')), 'upstream_unavailable');
  });

  it('refuses a configuration without Razorpay key id, or without the webhook secret', () => {
    const build = (overrides: Record<string, unknown>) => () =>
      createExtension(razorpay, 'payment', { tenant, config: { ...config, ...overrides } });
    assert.throws(
      build({ keyId: 'key_1DP5mmOlF5G5ag' }),
      (error) => error instanceof PluginConfigError && error.issues[0].field === 'keyId',
    );
    assert.throws(
      build({ webhookSecret: undefined }),
      (error) => error instanceof PluginConfigError && error.issues[0].field === 'webhookSecret',
    );
    assert.deepEqual(razorpay.secretFields, ['keySecret', 'webhookSecret']);
  });
});
