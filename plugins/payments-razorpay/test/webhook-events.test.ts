import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PaymentProvider } from '@dawa/plugin-sdk';
import { rejectsWithCode, tamperedBody, withoutHeaders } from '@dawa/plugin-sdk/testing';
import type { RazorpayFake } from '../src/fake/index.js';
import { webhookSignature } from '../src/index.js';
import { credentials, eventNames, manualCaptureOrder, paymentRequest, paymentsAgainst, signedWebhook, startFake } from './fixtures.js';

describe('Razorpay webhooks', () => {
  let fake: RazorpayFake;
  let payments: PaymentProvider;

  before(async () => {
    fake = await startFake();
    payments = paymentsAgainst(fake.baseUrl);
  });
  after(() => fake.stop());

  it('books a captured payment from payment.captured and order.paid, each with its own event id', async () => {
    const intent = await payments.createPayment(paymentRequest('sale-webhook-paid'));
    const { payment, webhooks } = await fake.pay(intent.providerRef, { method: 'upi' });
    assert.deepEqual(eventNames(webhooks), ['payment.captured', 'order.paid']);
    const [captured, paid] = await Promise.all(webhooks.map((webhook) => payments.parseWebhook(webhook)));
    for (const [event] of [captured, paid]) {
      assert.equal(event.type, 'payment.succeeded');
      assert.equal(event.providerRef, intent.providerRef);
      assert.equal(event.providerPaymentId, payment.id);
      assert.equal(event.amount, 1_250_00);
      assert.equal(event.currency, 'INR');
      assert.ok(event.occurredAt.getTime() > Date.now() - 60_000);
    }
    assert.equal(paid[0].paymentId, 'sale-webhook-paid', 'order.paid carries the order, and with it Dawa’s payment id');
    assert.notEqual(captured[0].eventId, paid[0].eventId);
    assert.equal(captured[0].eventId, webhooks[0].headers['x-razorpay-event-id']);
  });

  it('reports a declined payment with the reason Razorpay gives', async () => {
    const intent = await payments.createPayment(paymentRequest('sale-webhook-declined'));
    const { webhooks } = await fake.pay(intent.providerRef, { outcome: 'failure' });
    const [event] = await payments.parseWebhook(webhooks[0]);
    assert.equal(event.type, 'payment.failed');
    assert.equal(event.providerRef, intent.providerRef);
    assert.deepEqual(event.failure, {
      code: 'BAD_REQUEST_ERROR',
      message: "Your payment didn't go through as it was declined by the bank.",
    });
  });

  it('reports an authorized but uncaptured payment as pending', async () => {
    const order = await manualCaptureOrder(fake, 500_00);
    const { webhooks } = await fake.pay(order.id);
    const events = await payments.parseWebhook(webhooks[0]);
    assert.deepEqual(
      events.map((event) => [event.type, event.providerRef, event.amount]),
      [['payment.pending', order.id, 500_00]],
    );
  });

  it('reports processed and failed refunds against the order, with the refund id', async () => {
    const intent = await payments.createPayment(paymentRequest('sale-webhook-refunds'));
    const { payment } = await fake.pay(intent.providerRef);
    const processed = await payments.refund({
      refundId: 'refund-webhook-1',
      providerRef: intent.providerRef,
      amount: 200_00,
      currency: 'INR',
    });
    const failed = await payments.refund({
      refundId: 'refund-webhook-2',
      providerRef: intent.providerRef,
      amount: 300_00,
      currency: 'INR',
    });
    const [processedEvent] = await payments.parseWebhook((await fake.settleRefund(processed.refundRef, 'processed'))[0]);
    const [failedEvent] = await payments.parseWebhook((await fake.settleRefund(failed.refundRef, 'failed'))[0]);
    assert.deepEqual(
      [processedEvent, failedEvent].map((event) => [event.type, event.providerRef, event.providerPaymentId, event.refundRef, event.amount]),
      [
        ['refund.succeeded', intent.providerRef, payment.id, processed.refundRef, 200_00],
        ['refund.failed', intent.providerRef, payment.id, failed.refundRef, 300_00],
      ],
    );
    assert.equal(await fake.refundedAmount(intent.providerRef), 200_00, 'a failed refund gives the amount back to the payment');
  });

  it('gives the same event ids however often a delivery is parsed', async () => {
    const intent = await payments.createPayment(paymentRequest('sale-webhook-redelivery'));
    const [webhook] = (await fake.pay(intent.providerRef)).webhooks;
    const first = await payments.parseWebhook(webhook);
    assert.deepEqual(await payments.parseWebhook({ ...webhook, headers: { ...webhook.headers } }), first);
  });

  it('names a delivery without x-razorpay-event-id by its body, the same on every retry', async () => {
    const payment = { id: 'pay_AAAAAAAAAAAAAA', order_id: 'order_BBBBBBBBBBBBBB', amount: 100_00, currency: 'INR' };
    const body = JSON.stringify({
      entity: 'event',
      event: 'payment.captured',
      contains: ['payment'],
      payload: { payment: { entity: payment } },
      created_at: 1,
    });
    const { 'x-razorpay-event-id': _, ...headers } = signedWebhook(body).headers;
    const unnamed = { ...signedWebhook(body), headers };
    const [first] = await payments.parseWebhook(unnamed);
    const [again] = await payments.parseWebhook(unnamed);
    assert.match(first.eventId, /^body_[0-9a-f]{32}$/);
    assert.equal(again.eventId, first.eventId);
  });

  it('refuses altered bodies, missing signatures, and signatures made with the key secret instead of the webhook secret', async () => {
    const intent = await payments.createPayment(paymentRequest('sale-webhook-forged'));
    const [webhook] = (await fake.pay(intent.providerRef)).webhooks;
    await rejectsWithCode(payments.parseWebhook(tamperedBody(webhook)), 'webhook_unverified');
    await rejectsWithCode(payments.parseWebhook(withoutHeaders(webhook)), 'webhook_unverified');
    const signedWithKeySecret = {
      ...webhook,
      headers: { ...webhook.headers, 'x-razorpay-signature': webhookSignature(credentials.keySecret, webhook.rawBody) },
    };
    await rejectsWithCode(payments.parseWebhook(signedWithKeySecret), 'webhook_unverified');
    const truncatedSignature = {
      ...webhook,
      headers: { ...webhook.headers, 'x-razorpay-signature': String(webhook.headers['x-razorpay-signature']).slice(0, 63) },
    };
    await rejectsWithCode(payments.parseWebhook(truncatedSignature), 'webhook_unverified');
  });

  it('ignores events Dawa does not act on, so the dashboard may subscribe to more', async () => {
    const dispute = JSON.stringify({
      entity: 'event',
      event: 'payment.dispute.created',
      contains: ['dispute'],
      payload: { dispute: {} },
      created_at: 1,
    });
    assert.deepEqual(await payments.parseWebhook(signedWebhook(dispute)), []);
    assert.deepEqual(
      await payments.parseWebhook(signedWebhook(JSON.stringify({ entity: 'event', event: 'refund.created', payload: {} }))),
      [],
    );
  });

  it('answers a correctly signed but malformed body as bad input, not as a crash', async () => {
    await rejectsWithCode(payments.parseWebhook(signedWebhook('{"event":"payment.captured",')), 'invalid_input', 'rawBody');
    await rejectsWithCode(payments.parseWebhook(signedWebhook('[1,2,3]')), 'invalid_input', 'rawBody');
    const withoutPayment = JSON.stringify({ entity: 'event', event: 'payment.captured', payload: {}, created_at: 1 });
    await rejectsWithCode(payments.parseWebhook(signedWebhook(withoutPayment)), 'invalid_input', 'rawBody');
  });
});
