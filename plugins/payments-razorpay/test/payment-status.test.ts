import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PaymentProvider } from '@dawa/plugin-sdk';
import { rejectsWithCode } from '@dawa/plugin-sdk/testing';
import type { RazorpayFake } from '../src/fake/index.js';
import { manualCaptureOrder, paymentRequest, paymentsAgainst, startFake } from './fixtures.js';

describe('Razorpay payments: status for reconciliation', () => {
  let fake: RazorpayFake;
  let payments: PaymentProvider;
  const summary = async (providerRef: string) => {
    const { status, amount, amountPaid, amountRefunded, providerPaymentIds } = await payments.fetchStatus(providerRef);
    return { status, amount, amountPaid, amountRefunded, providerPaymentIds };
  };

  before(async () => {
    fake = await startFake();
    payments = paymentsAgainst(fake.baseUrl);
  });
  after(() => fake.stop());

  it('is pending until the customer pays', async () => {
    const { providerRef } = await payments.createPayment(paymentRequest('sale-status-new'));
    assert.deepEqual(await summary(providerRef), {
      status: 'pending',
      amount: 1_250_00,
      amountPaid: 0,
      amountRefunded: 0,
      providerPaymentIds: [],
    });
  });

  it('is failed after a declined attempt, and succeeded once the customer retries on the same order', async () => {
    const { providerRef } = await payments.createPayment(paymentRequest('sale-status-retry'));
    await fake.pay(providerRef, { outcome: 'failure' });
    assert.equal((await summary(providerRef)).status, 'failed');
    const { payment } = await fake.pay(providerRef, { method: 'card' });
    assert.deepEqual(await summary(providerRef), {
      status: 'succeeded',
      amount: 1_250_00,
      amountPaid: 1_250_00,
      amountRefunded: 0,
      providerPaymentIds: [payment.id],
    });
  });

  it('is pending, with nothing paid, while a payment is only authorized', async () => {
    const order = await manualCaptureOrder(fake, 300_00);
    await fake.pay(order.id);
    assert.deepEqual(await summary(order.id), {
      status: 'pending',
      amount: 300_00,
      amountPaid: 0,
      amountRefunded: 0,
      providerPaymentIds: [],
    });
  });

  it('refuses an order id Razorpay does not know', async () => {
    await rejectsWithCode(payments.fetchStatus('order_NoSuchOrder000'), 'invalid_input', 'providerRef');
  });
});
