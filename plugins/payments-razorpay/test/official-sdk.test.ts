import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Razorpay from 'razorpay';
import { validatePaymentVerification, validateWebhookSignature } from 'razorpay/dist/utils/razorpay-utils.js';
import type { RazorpayFake } from '../src/fake/index.js';
import { credentials, startFake } from './fixtures.js';

// The fake driven by Razorpay's own Node SDK: if the vendor's client accepts its answers, its errors and its
// signatures, the fake looks like the real API, and the plugin's tests against it mean something.

/** The SDK hard-codes api.razorpay.com; its axios instance (`api.rq`) is the one place to point it elsewhere. */
function sdkAgainst(fake: RazorpayFake, keySecret = credentials.keySecret): Razorpay {
  const client = new Razorpay({ key_id: credentials.keyId, key_secret: keySecret });
  (client.api as unknown as { rq: { defaults: { baseURL?: string } } }).rq.defaults.baseURL = fake.origin;
  return client;
}

/** What the SDK throws for a non-2xx answer: `{statusCode, error}` with Razorpay's error object as the API sent it. */
async function rejectsLikeRazorpay(call: Promise<unknown>, statusCode: number, description: string, field?: string): Promise<void> {
  await assert.rejects(call, (thrown: { statusCode: number; error: { code: string; description: string; field?: string } }) => {
    assert.equal(thrown.statusCode, statusCode);
    assert.equal(thrown.error.code, 'BAD_REQUEST_ERROR');
    assert.equal(thrown.error.description, description);
    assert.equal(thrown.error.field, field);
    return true;
  });
}

describe('the fake through the official razorpay SDK', () => {
  let fake: RazorpayFake;
  let rzp: Razorpay;

  before(async () => {
    fake = await startFake();
    rzp = sdkAgainst(fake);
  });
  after(() => fake.stop());

  it('creates and fetches an order with Razorpay ids and fields', async () => {
    const created = await rzp.orders.create({ amount: 49_900, currency: 'INR', receipt: 'sale-1001', notes: { store: 'Andheri' } });
    assert.match(created.id, /^order_[A-Za-z0-9]{14}$/);
    assert.equal(created.entity, 'order');
    assert.equal(created.status, 'created');
    assert.equal(created.amount_due, 49_900);
    const fetched = await rzp.orders.fetch(created.id);
    assert.deepEqual(fetched, created);
  });

  it("refuses bad input with Razorpay's error shape, naming the field", async () => {
    await rejectsLikeRazorpay(rzp.orders.create({ amount: 50, currency: 'INR' }), 400, 'The amount must be at least INR 1.00', 'amount');
    await rejectsLikeRazorpay(rzp.orders.create({ amount: 100.5, currency: 'INR' }), 400, 'The amount must be an integer.', 'amount');
    await rejectsLikeRazorpay(rzp.orders.create({ amount: 100, currency: 'XYZ' }), 400, 'Currency is not supported', 'currency');
    await rejectsLikeRazorpay(
      rzp.orders.create({ amount: 100, currency: 'INR', receipt: 'r'.repeat(41) }),
      400,
      'The receipt may not be greater than 40 characters.',
      'receipt',
    );
    await rejectsLikeRazorpay(rzp.orders.fetch('order_DoesNotExist00'), 400, 'The id provided does not exist');
  });

  it('surfaces wrong credentials as the SDK reports a 401 from Razorpay', async () => {
    await rejectsLikeRazorpay(
      sdkAgainst(fake, 'not-the-secret').orders.create({ amount: 10_000, currency: 'INR' }),
      401,
      'Authentication failed',
    );
  });

  it('fetches the payment a customer made, lists it on the order and refunds it', async () => {
    const order = await rzp.orders.create({ amount: 25_000, currency: 'INR', receipt: 'sale-1002' });
    const { payment } = await fake.pay(order.id, { method: 'card' });
    const fetched = await rzp.payments.fetch(payment.id);
    assert.equal(fetched.status, 'captured');
    assert.equal(fetched.order_id, order.id);
    assert.equal((await rzp.orders.fetch(order.id)).status, 'paid');
    const listed = await rzp.orders.fetchPayments(order.id);
    assert.deepEqual(
      listed.items.map((item) => item.id),
      [payment.id],
    );
    const refund = await rzp.payments.refund(payment.id, { amount: 10_000, notes: { reason: 'returned strip' } });
    assert.match(refund.id, /^rfnd_[A-Za-z0-9]{14}$/);
    assert.equal(refund.payment_id, payment.id);
    assert.equal((await rzp.payments.fetch(payment.id)).amount_refunded, 10_000);
    await rejectsLikeRazorpay(
      rzp.payments.refund(payment.id, { amount: 20_000 }),
      400,
      'The total refund amount is greater than the refund payment amount',
      'amount',
    );
  });

  it('captures a payment left authorized by a manual-capture order', async () => {
    const order = await rzp.orders.create({ amount: 30_000, currency: 'INR', payment_capture: false });
    const { payment, webhooks } = await fake.pay(order.id);
    assert.equal(payment.status, 'authorized');
    assert.deepEqual(
      webhooks.map((webhook) => JSON.parse(Buffer.from(webhook.rawBody).toString()).event),
      ['payment.authorized'],
    );
    const captured = await rzp.payments.capture(payment.id, 30_000, 'INR');
    assert.equal(captured.status, 'captured');
    assert.equal((await rzp.orders.fetch(order.id)).amount_paid, 30_000);
    await rejectsLikeRazorpay(rzp.payments.capture(payment.id, 30_000, 'INR'), 400, 'This payment has already been captured');
  });

  it("signs webhooks so that the SDK's validateWebhookSignature accepts them, and only them", async () => {
    const order = await rzp.orders.create({ amount: 15_000, currency: 'INR' });
    const { webhooks } = await fake.pay(order.id, { method: 'upi' });
    assert.equal(webhooks.length, 2);
    for (const webhook of webhooks) {
      const body = Buffer.from(webhook.rawBody).toString();
      const signature = String(webhook.headers['x-razorpay-signature']);
      assert.equal(validateWebhookSignature(body, signature, credentials.webhookSecret), true);
      assert.equal(validateWebhookSignature(body, signature, credentials.keySecret), false);
      assert.equal(validateWebhookSignature(body.replace('15000', '15001'), signature, credentials.webhookSecret), false);
    }
  });

  it("hands Checkout a signature that the SDK's validatePaymentVerification accepts", async () => {
    const order = await rzp.orders.create({ amount: 15_000, currency: 'INR' });
    const { checkout } = await fake.pay(order.id);
    assert.ok('razorpay_signature' in checkout);
    const ids = { order_id: checkout.razorpay_order_id, payment_id: checkout.razorpay_payment_id };
    assert.equal(validatePaymentVerification(ids, checkout.razorpay_signature, credentials.keySecret), true);
    assert.equal(validatePaymentVerification(ids, checkout.razorpay_signature, credentials.webhookSecret), false);
  });
});
