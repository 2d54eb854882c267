import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { IncomingWebhook, PaymentProvider } from '@dawa/plugin-sdk';
import { rejectsWithCode } from '@dawa/plugin-sdk/testing';
import type { MpesaFake } from '../src/fake/index.js';
import { CALLBACK_TOKEN, callbackUrl, manualClock, mpesaSetup, paidPush, paymentRequest, withBody } from './fixtures.js';

const bodyOf = (webhook: IncomingWebhook) => JSON.parse(Buffer.from(webhook.rawBody).toString());

describe('STK callbacks', () => {
  const clock = manualClock();
  let fake: MpesaFake;
  let payments: PaymentProvider;
  before(async () => ({ fake, payments } = await mpesaSetup({ clock })));
  after(() => fake.stop());

  it('turn a paid push into payment.succeeded with cents, receipt, payer phone and the Nairobi transaction time', async () => {
    const intent = await payments.createPayment(paymentRequest({ amount: 1_250_00 }));
    const webhook = await fake.completePayment(intent.providerRef);
    const metadata = bodyOf(webhook).Body.stkCallback.CallbackMetadata.Item;
    assert.ok(metadata.some((item: { Name: string; Value?: unknown }) => item.Name === 'Balance' && !('Value' in item)));
    const [event] = await payments.parseWebhook(webhook);
    const item = (name: string) => metadata.find((i: { Name: string }) => i.Name === name).Value;
    const t = String(item('TransactionDate'));
    assert.deepEqual(event, {
      eventId: `mpesa:stk:${intent.providerRef}:succeeded`,
      type: 'payment.succeeded',
      providerRef: intent.providerRef,
      amount: 1_250_00,
      currency: 'KES',
      providerPaymentId: item('MpesaReceiptNumber'),
      payerPhone: '254708374149',
      occurredAt: new Date(`${t.slice(0, 4)}-${t.slice(4, 6)}-${t.slice(6, 8)}T${t.slice(8, 10)}:${t.slice(10, 12)}:${t.slice(12)}+03:00`),
    });
  });

  it('read metadata items by name, whatever their order', async () => {
    const { webhook, paid } = await paidPush(fake, payments);
    const body = bodyOf(webhook);
    body.Body.stkCallback.CallbackMetadata.Item.reverse();
    const [event] = await payments.parseWebhook(withBody(webhook, body));
    assert.deepEqual(event, paid);
  });

  it('turn a cancelled push, which has no metadata, into payment.failed with Daraja’s code and description', async () => {
    const intent = await payments.createPayment(paymentRequest());
    const webhook = await fake.settlePush(intent.providerRef, 'cancel');
    assert.equal(bodyOf(webhook).Body.stkCallback.CallbackMetadata, undefined);
    const [event] = await payments.parseWebhook(webhook);
    assert.equal(event.type, 'payment.failed');
    assert.equal(event.eventId, `mpesa:stk:${intent.providerRef}:failed`);
    assert.deepEqual(event.failure, { code: '1032', message: 'Request cancelled by user' });
  });

  it('are refused without the tenant’s token at the end of the URL', async () => {
    const { webhook } = await paidPush(fake, payments);
    await rejectsWithCode(payments.parseWebhook({ ...webhook, url: callbackUrl }), 'webhook_unverified');
    await rejectsWithCode(payments.parseWebhook({ ...webhook, url: `${callbackUrl}/${CALLBACK_TOKEN.slice(1)}` }), 'webhook_unverified');
    await rejectsWithCode(payments.parseWebhook({ ...webhook, url: `${callbackUrl}/${CALLBACK_TOKEN}x` }), 'webhook_unverified');
    await rejectsWithCode(payments.parseWebhook({ ...webhook, url: 'not a url' }), 'webhook_unverified');
    await rejectsWithCode(payments.parseWebhook({ ...webhook, url: `${callbackUrl}/%E0%A4%A` }), 'webhook_unverified');
  });

  it('are refused when the body is not Daraja’s callback', async () => {
    const { webhook } = await paidPush(fake, payments);
    await rejectsWithCode(payments.parseWebhook(withBody(webhook, { hello: 'world' })), 'webhook_unverified');
    await rejectsWithCode(payments.parseWebhook({ ...webhook, rawBody: Buffer.from('{"Body":') }), 'webhook_unverified');
    const withoutReceipt = bodyOf(webhook);
    withoutReceipt.Body.stkCallback.CallbackMetadata.Item = withoutReceipt.Body.stkCallback.CallbackMetadata.Item.filter(
      (item: { Name: string }) => item.Name !== 'MpesaReceiptNumber',
    );
    await rejectsWithCode(payments.parseWebhook(withBody(webhook, withoutReceipt)), 'webhook_unverified');
  });

  it('claiming success for a push the customer cancelled are refused: Daraja’s STK query disagrees', async () => {
    const { webhook: template } = await paidPush(fake, payments);
    const intent = await payments.createPayment(paymentRequest());
    const cancelled = await fake.settlePush(intent.providerRef, 'cancel');
    const forged = bodyOf(template);
    forged.Body.stkCallback.CheckoutRequestID = intent.providerRef;
    forged.Body.stkCallback.MerchantRequestID = bodyOf(cancelled).Body.stkCallback.MerchantRequestID;
    await rejectsWithCode(payments.parseWebhook(withBody(template, forged)), 'webhook_unverified');
  });

  it('claiming success for a push the customer has not answered yet are refused', async () => {
    const { webhook: template } = await paidPush(fake, payments);
    const intent = await payments.createPayment(paymentRequest());
    const forged = bodyOf(template);
    forged.Body.stkCallback.CheckoutRequestID = intent.providerRef;
    await rejectsWithCode(payments.parseWebhook(withBody(template, forged)), 'webhook_unverified');
  });

  it('for a CheckoutRequestID Daraja never issued are refused', async () => {
    const { webhook } = await paidPush(fake, payments);
    const forged = bodyOf(webhook);
    forged.Body.stkCallback.CheckoutRequestID = 'ws_CO_211120251130000999254708374149';
    await rejectsWithCode(payments.parseWebhook(withBody(webhook, forged)), 'webhook_unverified');
  });

  it('claiming a failure for a push that was paid are refused, so a forger cannot void a sale', async () => {
    const { webhook } = await paidPush(fake, payments);
    const forged = bodyOf(webhook);
    forged.Body.stkCallback.ResultCode = 1032;
    forged.Body.stkCallback.ResultDesc = 'Request cancelled by user';
    delete forged.Body.stkCallback.CallbackMetadata;
    await rejectsWithCode(payments.parseWebhook(withBody(webhook, forged)), 'webhook_unverified');
  });
});
