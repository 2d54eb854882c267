import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { IncomingWebhook, PaymentProvider } from '@dawa/plugin-sdk';
import type { RazorpayFake } from '../src/fake/index.js';
import { basicAuthorization, paymentRequest, paymentsAgainst, startFake } from './fixtures.js';

/** Stands in for Dawa's webhook endpoint: keeps what arrives, answers 500 to the first `failFirst` deliveries. */
async function webhookReceiver(failFirst = 0) {
  const received: IncomingWebhook[] = [];
  const waiters: Array<() => void> = [];
  let answered = 0;
  const server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    answered += 1;
    if (answered <= failFirst) return response.writeHead(500).end();
    received.push({
      rawBody: Buffer.concat(chunks),
      headers: request.headers as IncomingHttpHeaders,
      url: `http://127.0.0.1${request.url}`,
    });
    waiters.splice(0).forEach((wake) => wake());
    response.writeHead(200).end();
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/webhooks/apollo-test/payments-razorpay`,
    received,
    /** Resolves once `count` deliveries have arrived. */
    async until(count: number) {
      while (received.length < count) await new Promise<void>((wake) => waiters.push(wake));
    },
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}

describe('Razorpay sandbox', { timeout: 15_000 }, () => {
  let receiver: Awaited<ReturnType<typeof webhookReceiver>>;
  let fake: RazorpayFake;
  let payments: PaymentProvider;

  before(async () => {
    receiver = await webhookReceiver(1);
    fake = await startFake({ webhookUrl: receiver.url, refundProcessingMs: 20 });
    payments = paymentsAgainst(fake.baseUrl);
  });
  after(async () => {
    await fake.stop();
    await receiver.stop();
  });

  it('answers wrong credentials with 401 and Razorpay’s error body', async () => {
    const response = await fetch(`${fake.baseUrl}/orders/order_AAAAAAAAAAAAAA`, {
      headers: { authorization: basicAuthorization('wrong') },
    });
    assert.equal(response.status, 401);
    assert.deepEqual(await response.json(), {
      error: { code: 'BAD_REQUEST_ERROR', description: 'Authentication failed', source: 'NA', step: 'NA', reason: 'NA', metadata: {} },
    });
    assert.equal((await fetch(`${fake.baseUrl}/orders`, { method: 'POST' })).status, 401);
  });

  it('serves a checkout page for the order', async () => {
    const { providerRef } = await payments.createPayment(paymentRequest('sale-sandbox-page'));
    const response = await fetch(`${fake.origin}/__sandbox/checkout/${providerRef}`);
    assert.match(response.headers.get('content-type') ?? '', /text\/html/);
    const page = await response.text();
    assert.match(page, /INR 1250\.00/);
    assert.ok(page.includes(`/__sandbox/orders/${providerRef}/pay`));
  });

  it('delivers signed payment webhooks to the configured URL when the customer pays, retrying a failed delivery', async () => {
    const { providerRef } = await payments.createPayment(paymentRequest('sale-sandbox-pay'));
    const response = await fetch(`${fake.origin}/__sandbox/orders/${providerRef}/pay`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ method: 'upi', outcome: 'success' }),
    });
    const answer = (await response.json()) as { checkout: { razorpay_order_id: string }; webhooks: { body: string }[] };
    assert.equal(answer.checkout.razorpay_order_id, providerRef);
    await receiver.until(2);
    assert.deepEqual(
      receiver.received.map((webhook) => Buffer.from(webhook.rawBody).toString()),
      answer.webhooks.map((webhook) => webhook.body).reverse(),
      'the first attempt at payment.captured failed, so order.paid arrived first and payment.captured on the retry',
    );
    const events = (await Promise.all(receiver.received.map((webhook) => payments.parseWebhook(webhook)))).flat();
    assert.deepEqual(
      events.map((event) => [event.type, event.providerRef]),
      [
        ['payment.succeeded', providerRef],
        ['payment.succeeded', providerRef],
      ],
    );
  });

  it('processes a refund a moment later and delivers refund.processed', async () => {
    const { providerRef } = await payments.createPayment(paymentRequest('sale-sandbox-refund'));
    await fake.pay(providerRef);
    await receiver.until(4);
    const refund = await payments.refund({ refundId: 'refund-sandbox-1', providerRef, amount: 50_00, currency: 'INR' });
    assert.equal(refund.status, 'pending');
    await receiver.until(5);
    const [event] = await payments.parseWebhook(receiver.received[4]);
    assert.deepEqual([event.type, event.refundRef, event.amount], ['refund.succeeded', refund.refundRef, 50_00]);
  });
});
