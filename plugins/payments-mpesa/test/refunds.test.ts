import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PaymentProvider, RefundRequest } from '@dawa/plugin-sdk';
import { rejectsWithCode } from '@dawa/plugin-sdk/testing';
import type { MpesaFake } from '../src/fake/index.js';
import { CALLBACK_TOKEN, callbackUrl, mpesaSetup, paidPush } from './fixtures.js';

/** A paid push and a refund of (part of) it, as the core would ask for it from the payment.succeeded event. */
async function paidRefundRequest(fake: MpesaFake, payments: PaymentProvider, refundId: string, amount = 250_00) {
  const { intent, paid } = await paidPush(fake, payments);
  const request: RefundRequest = {
    refundId,
    providerRef: intent.providerRef,
    providerPaymentId: paid.providerPaymentId,
    payerPhone: paid.payerPhone,
    callbackUrl,
    amount,
    currency: 'KES',
  };
  return { intent, request };
}

describe('refunds (B2C payments back to the payer)', () => {
  let fake: MpesaFake;
  let payments: PaymentProvider;
  before(async () => ({ fake, payments } = await mpesaSetup()));
  after(() => fake.stop());

  const refundOf = (refundId: string, amount = 250_00) => paidRefundRequest(fake, payments, refundId, amount);

  it('pay part of a payment back once, however often the same refund id is sent, and stay pending', async () => {
    const { intent, request } = await refundOf('refund-once');
    const first = await payments.refund(request);
    const again = await payments.refund(request);
    assert.deepEqual(first, { refundId: 'refund-once', refundRef: 'refund-once', status: 'pending', amount: 250_00 });
    assert.deepEqual(again, first);
    assert.equal(await fake.refundedAmount(intent.providerRef), 250_00);
  });

  it('allow several partial refunds of one payment under different ids', async () => {
    const { intent, request } = await refundOf('refund-part-1', 300_00);
    await payments.refund(request);
    await payments.refund({ ...request, refundId: 'refund-part-2', amount: 200_00 });
    assert.equal(await fake.refundedAmount(intent.providerRef), 500_00);
  });

  it('report the asynchronous result, sent to the tokenised callback URL, as refund.succeeded', async () => {
    const { intent, request } = await refundOf('refund-result');
    await payments.refund(request);
    const result = await fake.settleB2c('refund-result', 'complete');
    assert.ok(result.url.startsWith(`${callbackUrl}/${CALLBACK_TOKEN}?`));
    const events = await payments.parseWebhook(result);
    assert.equal(events.length, 1);
    assert.deepEqual(
      { ...events[0], occurredAt: undefined },
      {
        eventId: 'mpesa:b2c:refund-result:succeeded',
        type: 'refund.succeeded',
        providerRef: intent.providerRef,
        refundRef: 'refund-result',
        amount: 250_00,
        currency: 'KES',
        occurredAt: undefined,
      },
    );
    assert.ok(events[0].occurredAt instanceof Date && !Number.isNaN(events[0].occurredAt.getTime()));
  });

  it('report a refund M-Pesa could not pay as refund.failed, and stop counting it', async () => {
    const { intent, request } = await refundOf('refund-fails');
    await payments.refund(request);
    const [event] = await payments.parseWebhook(await fake.settleB2c('refund-fails', 'fail'));
    assert.equal(event.type, 'refund.failed');
    assert.equal(event.refundRef, 'refund-fails');
    assert.deepEqual(event.failure, { code: '1', message: 'The balance is insufficient for the transaction.' });
    assert.equal(await fake.refundedAmount(intent.providerRef), 0);
  });

  it('fail in the result when the initiator credential is wrong, as Daraja does', async () => {
    const wrong = await mpesaSetup({
      config: { refunds: { b2cShortCode: '600981', initiatorName: 'dawa-refunds', securityCredential: 'stale' } },
    });
    try {
      const { request } = await paidRefundRequest(wrong.fake, wrong.payments, 'refund-stale-credential');
      const refund = await wrong.payments.refund(request);
      assert.equal(refund.status, 'pending');
      const [event] = await wrong.payments.parseWebhook(await wrong.fake.settleB2c('refund-stale-credential', 'complete'));
      assert.deepEqual(event.failure, { code: '2001', message: 'The initiator information is invalid.' });
    } finally {
      await wrong.fake.stop();
    }
  });

  it('results without the tenant’s token are refused', async () => {
    const { request } = await refundOf('refund-forged');
    await payments.refund(request);
    const result = await fake.settleB2c('refund-forged', 'complete');
    await rejectsWithCode(payments.parseWebhook({ ...result, url: result.url.replace(CALLBACK_TOKEN, 'guessed') }), 'webhook_unverified');
  });

  it('need the payer’s phone, the receipt, the callback URL and whole shillings', async () => {
    const { request } = await refundOf('refund-incomplete');
    await rejectsWithCode(payments.refund({ ...request, payerPhone: undefined }), 'invalid_input', 'payerPhone');
    await rejectsWithCode(payments.refund({ ...request, providerPaymentId: undefined }), 'invalid_input', 'providerPaymentId');
    await rejectsWithCode(payments.refund({ ...request, callbackUrl: undefined }), 'invalid_input', 'callbackUrl');
    await rejectsWithCode(payments.refund({ ...request, amount: 250_50 }), 'invalid_input', 'amount');
  });

  it('are refused clearly when the tenant has not configured a B2C account', async () => {
    const unconfigured = await mpesaSetup({ config: { refunds: undefined } });
    try {
      const { request } = await paidRefundRequest(unconfigured.fake, unconfigured.payments, 'refund-unconfigured');
      await rejectsWithCode(unconfigured.payments.refund(request), 'refunds_not_configured');
    } finally {
      await unconfigured.fake.stop();
    }
  });
});
