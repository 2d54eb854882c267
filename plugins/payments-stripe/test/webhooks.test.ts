import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createExtension, type IncomingWebhook, type PaymentProvider } from '@dawa/plugin-sdk';
import { rejectsWithCode } from '@dawa/plugin-sdk/testing';
import Stripe from 'stripe';
import { startStripeFake, stripeSignature, type StripeFake } from '../src/fake/index.js';
import plugin from '../src/index.js';
import { config, credentials, usTenant, WEBHOOK_SECRET } from './fixtures.js';

const T = 1_700_000_000;
const clockAt = (unixSeconds: number) => ({ now: () => new Date(unixSeconds * 1000) });
const paymentsAt = (unixSeconds: number, webhookSecret = WEBHOOK_SECRET) =>
  createExtension(plugin, 'payment', {
    tenant: usTenant,
    config: { ...config, webhookSecret },
    baseUrl: 'http://127.0.0.1:9',
    clock: clockAt(unixSeconds),
  });

/** A delivery signed by stripe-node's own test helper, as Stripe would send it. */
function signedBySdk(event: object, timestamp = T, secret = WEBHOOK_SECRET): IncomingWebhook {
  const payload = JSON.stringify(event, null, 2);
  const header = Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
  return {
    rawBody: Buffer.from(payload),
    headers: { 'stripe-signature': header },
    url: 'https://dawa.example/api/v1/webhooks/test-us/payments-stripe',
  };
}

const event = (type: string, object: object, extra: object = {}) => ({
  id: `evt_${type.replaceAll('.', '_')}`,
  object: 'event',
  api_version: Stripe.API_VERSION,
  created: T - 5,
  data: { object },
  livemode: false,
  type,
  ...extra,
});

const intent = (fields: object) => ({
  id: 'pi_3QdawaTest000000000000001',
  object: 'payment_intent',
  amount: 2_500,
  amount_received: 0,
  currency: 'usd',
  latest_charge: null,
  last_payment_error: null,
  cancellation_reason: null,
  metadata: { dawa_payment_id: 'pay-42' },
  ...fields,
});

const refund = (fields: object) => ({
  id: 're_3QdawaTest000000000000001',
  object: 'refund',
  amount: 700,
  charge: 'ch_3QdawaTest000000000000001',
  currency: 'usd',
  payment_intent: 'pi_3QdawaTest000000000000001',
  status: 'succeeded',
  metadata: { dawa_refund_id: 'refund-7' },
  ...fields,
});

describe('Stripe-Signature verification', () => {
  const vector = (header: string): IncomingWebhook => ({
    rawBody: Buffer.from('{"id":"evt_test","object":"event"}'),
    headers: { 'stripe-signature': header },
    url: 'https://dawa.example/api/v1/webhooks/test-us/payments-stripe',
  });
  const VECTOR_V1 = 'c25fec335f20601dcb662f0e7c4944646158a9324bb6ed8b7f6ab126449f507a';

  it('accepts the country-protocols test vector and the fake signs the same bytes identically', async () => {
    assert.deepEqual(await paymentsAt(T, 'whsec_test').parseWebhook(vector(`t=${T},v1=${VECTOR_V1}`)), []);
    assert.match(stripeSignature('{"id":"evt_test","object":"event"}', 'whsec_test', T), new RegExp(`^t=${T},v1=${VECTOR_V1},v0=`));
  });

  it('accepts a delivery up to 300 s old by the tenant clock and refuses one 301 s old', async () => {
    const webhook = signedBySdk(event('payment_intent.processing', intent({ status: 'processing' })));
    assert.equal((await paymentsAt(T + 300).parseWebhook(webhook)).length, 1);
    await rejectsWithCode(paymentsAt(T + 301).parseWebhook(webhook), 'webhook_unverified');
  });

  it('accepts a timestamp slightly ahead of our clock (Stripe checks age only) and gives a replay within tolerance the same event id', async () => {
    const webhook = signedBySdk(event('payment_intent.processing', intent({ status: 'processing' })), T + 60);
    const payments = paymentsAt(T);
    const first = await payments.parseWebhook(webhook);
    assert.deepEqual(
      (await payments.parseWebhook(webhook)).map((e) => e.eventId),
      first.map((e) => e.eventId),
    );
  });

  it('refuses forged, re-timed, unsigned and malformed signatures', async () => {
    const payments = paymentsAt(T);
    const body = event('payment_intent.succeeded', intent({ status: 'succeeded' }));
    const forged = signedBySdk(body, T, 'whsec_notTheTenantsSecret');
    await rejectsWithCode(payments.parseWebhook(forged), 'webhook_unverified');
    const genuine = signedBySdk(body);
    const v1 = /v1=([0-9a-f]+)/.exec(genuine.headers['stripe-signature'] as string)![1];
    const retimed = { ...genuine, headers: { 'stripe-signature': `t=${T + 1},v1=${v1}` } };
    await rejectsWithCode(payments.parseWebhook(retimed), 'webhook_unverified');
    for (const header of [undefined, '', `t=${T}`, `v1=${v1}`, `t=${T},v1=`, `t=${T},v0=${v1}`]) {
      await rejectsWithCode(payments.parseWebhook({ ...genuine, headers: { 'stripe-signature': header } }), 'webhook_unverified');
    }
  });

  it('treats a correctly signed body that is not JSON as a broken delivery, not a forgery', async () => {
    const payload = 'not json';
    const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET, timestamp: T });
    const delivery = { rawBody: Buffer.from(payload), headers: { 'stripe-signature': header }, url: 'https://dawa.example/x' };
    await rejectsWithCode(paymentsAt(T).parseWebhook(delivery), 'invalid_webhook');
  });

  it('accepts a header carrying several v1 signatures when one of them matches (secret rotation)', async () => {
    const genuine = signedBySdk(event('payment_intent.processing', intent({ status: 'processing' })));
    const header = (genuine.headers['stripe-signature'] as string).replace(`t=${T},`, `t=${T},v1=${'0'.repeat(64)},`);
    assert.equal((await paymentsAt(T).parseWebhook({ ...genuine, headers: { 'stripe-signature': header } })).length, 1);
  });
});

describe('Stripe events as Dawa payment events', () => {
  const parse = (type: string, object: object, extra?: object) => paymentsAt(T).parseWebhook(signedBySdk(event(type, object, extra)));

  it('payment_intent.succeeded → payment.succeeded with the charge as the captured payment', async () => {
    const [succeeded] = await parse(
      'payment_intent.succeeded',
      intent({ status: 'succeeded', amount_received: 2_500, latest_charge: 'ch_9' }),
    );
    assert.deepEqual(succeeded, {
      eventId: 'evt_payment_intent_succeeded',
      type: 'payment.succeeded',
      providerRef: 'pi_3QdawaTest000000000000001',
      paymentId: 'pay-42',
      amount: 2_500,
      currency: 'USD',
      providerPaymentId: 'ch_9',
      occurredAt: new Date((T - 5) * 1000),
    });
  });

  it("payment_intent.payment_failed → payment.failed with the issuer's decline code and message", async () => {
    const declined = { code: 'card_declined', decline_code: 'insufficient_funds', message: 'Your card has insufficient funds.' };
    const [failed] = await parse(
      'payment_intent.payment_failed',
      intent({ status: 'requires_payment_method', last_payment_error: declined }),
    );
    assert.equal(failed.type, 'payment.failed');
    assert.deepEqual(failed.failure, { code: 'insufficient_funds', message: 'Your card has insufficient funds.' });
  });

  it('payment_intent.canceled → payment.failed (Dawa has no cancelled event), with the reason', async () => {
    const [cancelled] = await parse('payment_intent.canceled', intent({ status: 'canceled', cancellation_reason: 'abandoned' }));
    assert.equal(cancelled.type, 'payment.failed');
    assert.deepEqual(cancelled.failure, { code: 'canceled', message: 'Payment canceled (abandoned)' });
  });

  it('payment_intent.processing → payment.pending', async () => {
    assert.deepEqual(
      (await parse('payment_intent.processing', intent({ status: 'processing' }))).map((e) => e.type),
      ['payment.pending'],
    );
  });

  it('refund.updated and refund.failed → refund events on the refunded PaymentIntent; a pending refund says nothing yet', async () => {
    const [succeeded] = await parse('refund.updated', refund({}));
    assert.equal(succeeded.type, 'refund.succeeded');
    assert.equal(succeeded.refundRef, 're_3QdawaTest000000000000001');
    assert.equal(succeeded.providerRef, 'pi_3QdawaTest000000000000001');
    assert.equal(succeeded.amount, 700);
    const [failed] = await parse('refund.failed', refund({ status: 'failed', failure_reason: 'expired_or_canceled_card' }));
    assert.equal(failed.type, 'refund.failed');
    assert.equal(failed.failure?.code, 'expired_or_canceled_card');
    assert.deepEqual(await parse('refund.updated', refund({ status: 'pending' })), []);
  });

  it('charge.refunded → one refund event per refund the charge lists; none when the API version leaves them out', async () => {
    const charge = {
      id: 'ch_3QdawaTest000000000000001',
      object: 'charge',
      payment_intent: 'pi_3QdawaTest000000000000001',
      amount_refunded: 700,
    };
    const listed = await parse('charge.refunded', { ...charge, refunds: { object: 'list', data: [refund({})] } });
    assert.deepEqual(
      listed.map((e) => [e.type, e.refundRef, e.eventId]),
      [['refund.succeeded', 're_3QdawaTest000000000000001', 'evt_charge_refunded']],
    );
    assert.deepEqual(await parse('charge.refunded', charge), []);
  });

  it('gives no events for types Dawa does not act on', async () => {
    assert.deepEqual(await parse('customer.created', { id: 'cus_1', object: 'customer' }), []);
    assert.deepEqual(await parse('payment_intent.created', intent({ status: 'requires_payment_method' })), []);
  });
});

describe('webhooks the fake delivers to the registered endpoint', () => {
  const received: IncomingWebhook[] = [];
  let fake: StripeFake;
  let payments: PaymentProvider;
  let stopEndpoint: () => void;

  before(async () => {
    const endpoint = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      received.push({ rawBody: Buffer.concat(chunks), headers: req.headers, url: `http://127.0.0.1${req.url}` });
      res.writeHead(200).end();
    });
    await new Promise<void>((ready) => endpoint.listen(0, '127.0.0.1', ready));
    stopEndpoint = () => endpoint.close();
    const webhookUrl = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/api/v1/webhooks/test-us/payments-stripe`;
    fake = await startStripeFake({ ...credentials, webhookUrl });
    payments = createExtension(plugin, 'payment', { tenant: usTenant, config, baseUrl: fake.baseUrl });
  });
  after(async () => {
    await fake.stop();
    stopEndpoint();
  });

  const deliveredEvents = async () => (await Promise.all(received.map((w) => payments.parseWebhook(w)))).flat();
  const request = (paymentId: string) => ({
    paymentId,
    amount: 4_200,
    currency: 'USD',
    description: 'Counter sale',
    callbackUrl: 'http://127.0.0.1/x',
  });

  it('delivers a paid card as payment.succeeded and a declined one as payment.failed, each verifying', async () => {
    const paid = await payments.createPayment(request('pay-delivered-1'));
    const declined = await payments.createPayment(request('pay-delivered-2'));
    await fake.completePayment(paid.providerRef);
    await fake.failPayment(declined.providerRef);
    const events = await deliveredEvents();
    const succeeded = events.find((e) => e.type === 'payment.succeeded');
    assert.equal(succeeded?.providerRef, paid.providerRef);
    assert.equal(succeeded?.paymentId, 'pay-delivered-1');
    assert.match(succeeded?.providerPaymentId ?? '', /^ch_/);
    const failed = events.find((e) => e.type === 'payment.failed');
    assert.equal(failed?.providerRef, declined.providerRef);
    assert.deepEqual(failed?.failure, { code: 'generic_decline', message: 'Your card was declined.' });
    assert.ok(received.every((w) => w.headers['content-type'] === 'application/json; charset=utf-8'));
  });

  it('delivers a refund as refund.succeeded once the refund call has answered', async () => {
    const paid = await payments.createPayment(request('pay-delivered-3'));
    await fake.completePayment(paid.providerRef);
    const refunded = await payments.refund({
      refundId: 'refund-delivered-1',
      providerRef: paid.providerRef,
      amount: 1_200,
      currency: 'USD',
    });
    await fake.webhooksDelivered();
    const refundEvent = (await deliveredEvents()).find((e) => e.type === 'refund.succeeded');
    assert.equal(refundEvent?.refundRef, refunded.refundRef);
    assert.equal(refundEvent?.amount, 1_200);
  });
});
