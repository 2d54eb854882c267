import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PaymentProvider } from '@dawa/plugin-sdk';
import { rejectsWithCode } from '@dawa/plugin-sdk/testing';
import type { RazorpayFake } from '../src/fake/index.js';
import { paymentRequest, paymentsAgainst, startFake } from './fixtures.js';

describe('Razorpay refunds', () => {
  let fake: RazorpayFake;
  let payments: PaymentProvider;
  /** A ₹1,250.00 sale paid by UPI: its order id and captured payment id. */
  const paidSale = async (paymentId: string) => {
    const intent = await payments.createPayment(paymentRequest(paymentId));
    const { payment } = await fake.pay(intent.providerRef);
    return { providerRef: intent.providerRef, providerPaymentId: payment.id };
  };

  before(async () => {
    fake = await startFake();
    payments = paymentsAgainst(fake.baseUrl);
  });
  after(() => fake.stop());

  it("finds the order's captured payment when the refund does not name it", async () => {
    const { providerRef } = await paidSale('sale-refund-lookup');
    const refund = await payments.refund({ refundId: 'refund-lookup-0001', providerRef, amount: 400_00, currency: 'INR' });
    assert.match(refund.refundRef, /^rfnd_[A-Za-z0-9]{14}$/);
    assert.deepEqual([refund.refundId, refund.status, refund.amount], ['refund-lookup-0001', 'pending', 400_00]);
    assert.equal(await fake.refundedAmount(providerRef), 400_00);
  });

  it('refunds once for the same refund id, also for ids too short to be an idempotency key themselves', async () => {
    const sale = await paidSale('sale-refund-idempotent');
    for (const refundId of ['refund-idempotent-1', 'r-7']) {
      const asked = { refundId, ...sale, amount: 100_00, currency: 'INR' };
      const [first, again] = [await payments.refund(asked), await payments.refund(asked)];
      assert.equal(again.refundRef, first.refundRef);
      const concurrent = await Promise.all([payments.refund(asked), payments.refund(asked)]);
      assert.deepEqual(
        concurrent.map((refund) => refund.refundRef),
        [first.refundRef, first.refundRef],
      );
    }
    assert.equal(await fake.refundedAmount(sale.providerRef), 200_00);
  });

  it('never turns a repeated refund id into a second refund, even when the amount differs', async () => {
    const sale = await paidSale('sale-refund-changed');
    await payments.refund({ refundId: 'refund-changed-1', ...sale, amount: 100_00, currency: 'INR' });
    await rejectsWithCode(payments.refund({ refundId: 'refund-changed-1', ...sale, amount: 300_00, currency: 'INR' }), 'invalid_input');
    await rejectsWithCode(
      payments.refund({ refundId: 'refund-changed-2', ...sale, amount: 100_00, currency: 'USD' }),
      'invalid_input',
      'currency',
    );
    assert.equal(await fake.refundedAmount(sale.providerRef), 100_00);
  });

  it('refuses to refund more than was captured, in Razorpay’s words, leaving earlier refunds alone', async () => {
    const sale = await paidSale('sale-refund-too-much');
    await payments.refund({ refundId: 'refund-too-much-1', ...sale, amount: 1_000_00, currency: 'INR' });
    await assert.rejects(
      payments.refund({ refundId: 'refund-too-much-2', ...sale, amount: 250_01, currency: 'INR' }),
      (error: Error & { code: string; issues: { field: string; message: string }[] }) => {
        assert.equal(error.code, 'invalid_input');
        assert.deepEqual(error.issues, [
          { field: 'amount', message: 'Razorpay: The total refund amount is greater than the refund payment amount' },
        ]);
        return true;
      },
    );
    const rest = await payments.refund({ refundId: 'refund-too-much-3', ...sale, amount: 250_00, currency: 'INR' });
    assert.equal(rest.amount, 250_00);
    assert.equal(await fake.refundedAmount(sale.providerRef), 1_250_00);
  });

  it('refuses to refund an order nobody has paid yet', async () => {
    const intent = await payments.createPayment(paymentRequest('sale-refund-unpaid'));
    await rejectsWithCode(
      payments.refund({ refundId: 'refund-unpaid-1', providerRef: intent.providerRef, amount: 100_00, currency: 'INR' }),
      'invalid_input',
      'providerRef',
    );
    await rejectsWithCode(
      payments.refund({ refundId: 'refund-unknown-1', providerRef: 'order_NoSuchOrder000', amount: 100_00, currency: 'INR' }),
      'invalid_input',
      'providerRef',
    );
  });

  it('reports a refund as succeeded once Razorpay has processed it', async () => {
    const sale = await paidSale('sale-refund-processed');
    const asked = { refundId: 'refund-processed-1', ...sale, amount: 1_250_00, currency: 'INR' };
    const pending = await payments.refund(asked);
    await fake.settleRefund(pending.refundRef);
    assert.deepEqual(await payments.refund(asked), { ...pending, status: 'succeeded' });
    const status = await payments.fetchStatus(sale.providerRef);
    assert.deepEqual([status.status, status.amountPaid, status.amountRefunded], ['succeeded', 1_250_00, 1_250_00]);
  });
});
