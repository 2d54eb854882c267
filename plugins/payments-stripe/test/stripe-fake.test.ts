import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Stripe from 'stripe';
import { startStripeFake, type StripeFake } from '../src/fake/index.js';
import { credentials, SECRET_KEY, WEBHOOK_SECRET } from './fixtures.js';

// The fake is driven through the official SDK: if stripe-node can talk to it and gets Stripe's answers and error
// classes back, the plugin's calls are checked against the same API they will meet in production.

const clientFor = (fake: StripeFake, key = SECRET_KEY) => {
  const { hostname, port } = new URL(fake.baseUrl);
  return new Stripe(key, { host: hostname, port: Number(port), protocol: 'http', maxNetworkRetries: 0, telemetry: false });
};

const rejectsAs = (
  promise: Promise<unknown>,
  type: string,
  expected: { code?: string; param?: string; statusCode?: number; message?: RegExp },
) =>
  assert.rejects(promise, (error: Stripe.errors.StripeError) => {
    assert.equal(error.type, type, error.message);
    for (const [field, value] of Object.entries(expected)) {
      const actual = (error as unknown as Record<string, unknown>)[field];
      if (value instanceof RegExp) assert.match(String(actual), value);
      else assert.equal(actual, value, `${field} of ${error.message}`);
    }
    return true;
  });

describe('Stripe fake, driven through stripe-node', () => {
  let fake: StripeFake;
  let stripe: Stripe;
  before(async () => {
    fake = await startStripeFake(credentials);
    stripe = clientFor(fake);
  });
  after(() => fake.stop());

  const card = (amount = 2_500) =>
    stripe.paymentIntents.create({
      amount,
      currency: 'usd',
      allowed_payment_method_types: ['card'],
      metadata: { dawa_payment_id: 'pay-1' },
    });

  it('creates and retrieves a PaymentIntent with Stripe ids, a client secret and nested params decoded', async () => {
    const intent = await card();
    assert.match(intent.id, /^pi_[A-Za-z0-9]{24}$/);
    assert.match(intent.client_secret ?? '', new RegExp(`^${intent.id}_secret_[A-Za-z0-9]+$`));
    assert.equal(intent.status, 'requires_payment_method');
    assert.deepEqual(intent.metadata, { dawa_payment_id: 'pay-1' });
    assert.deepEqual(intent.allowed_payment_method_types, ['card']);
    const again = await stripe.paymentIntents.retrieve(intent.id);
    assert.deepEqual(again, intent);
  });

  it('confirms with a test card, charging the full amount at once', async () => {
    const intent = await stripe.paymentIntents.confirm((await card()).id, { payment_method: 'pm_card_visa' });
    assert.equal(intent.status, 'succeeded');
    assert.equal(intent.amount_received, 2_500);
    const charge = await stripe.charges.retrieve(intent.latest_charge as string);
    assert.match(charge.id, /^ch_/);
    assert.equal(charge.payment_intent, intent.id);
    assert.equal(charge.amount_captured, 2_500);
  });

  it('answers a declined card with a 402 card_error and leaves the intent open for another card', async () => {
    const { id } = await card();
    await rejectsAs(stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_chargeDeclinedInsufficientFunds' }), 'StripeCardError', {
      code: 'card_declined',
      decline_code: 'insufficient_funds',
      statusCode: 402,
    } as never);
    const intent = await stripe.paymentIntents.retrieve(id);
    assert.equal(intent.status, 'requires_payment_method');
    assert.equal(intent.last_payment_error?.decline_code, 'insufficient_funds');
    assert.equal((await stripe.paymentIntents.confirm(id, { payment_method: 'pm_card_visa' })).status, 'succeeded');
  });

  it('authorises a manual-capture intent, captures part of it, and refuses to capture twice', async () => {
    const created = await stripe.paymentIntents.create({
      amount: 4_000,
      currency: 'usd',
      capture_method: 'manual',
      payment_method: 'pm_card_visa',
    });
    assert.equal(created.status, 'requires_confirmation');
    const authorised = await stripe.paymentIntents.confirm(created.id);
    assert.equal(authorised.status, 'requires_capture');
    assert.equal(authorised.amount_capturable, 4_000);
    const captured = await stripe.paymentIntents.capture(created.id, { amount_to_capture: 3_000 });
    assert.equal(captured.status, 'succeeded');
    assert.equal(captured.amount_received, 3_000);
    await rejectsAs(stripe.paymentIntents.capture(created.id), 'StripeInvalidRequestError', { code: 'payment_intent_unexpected_state' });
  });

  it('cancels an open intent with its reason and refuses to cancel a paid one', async () => {
    const cancelled = await stripe.paymentIntents.cancel((await card()).id, { cancellation_reason: 'abandoned' });
    assert.equal(cancelled.status, 'canceled');
    assert.equal(cancelled.cancellation_reason, 'abandoned');
    const paid = await stripe.paymentIntents.confirm((await card()).id, { payment_method: 'pm_card_visa' });
    await rejectsAs(stripe.paymentIntents.cancel(paid.id), 'StripeInvalidRequestError', {
      code: 'payment_intent_unexpected_state',
      message: /status of succeeded/,
    });
  });

  it('refunds part of a payment, then the rest, then refuses more', async () => {
    const paid = await stripe.paymentIntents.confirm((await card()).id, { payment_method: 'pm_card_visa' });
    const first = await stripe.refunds.create({ payment_intent: paid.id, amount: 1_000, metadata: { dawa_refund_id: 'ref-1' } });
    assert.match(first.id, /^re_/);
    assert.equal(first.status, 'succeeded');
    assert.deepEqual(await stripe.refunds.retrieve(first.id), first);
    await rejectsAs(stripe.refunds.create({ payment_intent: paid.id, amount: 2_000 }), 'StripeInvalidRequestError', {
      code: 'amount_too_large',
      param: 'amount',
    });
    const rest = await stripe.refunds.create({ payment_intent: paid.id });
    assert.equal(rest.amount, 1_500);
    const charge = await stripe.charges.retrieve(paid.latest_charge as string);
    assert.equal(charge.amount_refunded, 2_500);
    assert.equal(charge.refunded, true);
    await rejectsAs(stripe.refunds.create({ payment_intent: paid.id }), 'StripeInvalidRequestError', { code: 'charge_already_refunded' });
  });

  it('refuses to refund a payment that was never captured', async () => {
    await rejectsAs(stripe.refunds.create({ payment_intent: (await card()).id }), 'StripeInvalidRequestError', {
      code: 'charge_not_refundable',
    });
  });

  it('replays the first answer for a repeated Idempotency-Key and refuses the key with other parameters', async () => {
    const first = await stripe.paymentIntents.create({ amount: 1_200, currency: 'usd' }, { idempotencyKey: 'order-77' });
    const replay = await stripe.paymentIntents.create({ amount: 1_200, currency: 'usd' }, { idempotencyKey: 'order-77' });
    assert.equal(replay.id, first.id);
    assert.equal(replay.lastResponse.headers['idempotent-replayed'], 'true');
    assert.equal(first.lastResponse.headers['idempotent-replayed'], undefined);
    await rejectsAs(
      stripe.paymentIntents.create({ amount: 1_300, currency: 'usd' }, { idempotencyKey: 'order-77' }),
      'StripeIdempotencyError',
      {
        statusCode: 400,
        message: /same parameters/,
      },
    );
    await rejectsAs(stripe.refunds.create({ payment_intent: first.id }, { idempotencyKey: 'order-77' }), 'StripeIdempotencyError', {
      message: /same endpoint/,
    });
  });

  it('saves no idempotent result for a request refused for its parameters, so a corrected retry with the key runs', async () => {
    await rejectsAs(
      stripe.paymentIntents.create({ amount: 10, currency: 'usd' }, { idempotencyKey: 'fix-me' }),
      'StripeInvalidRequestError',
      {
        code: 'amount_too_small',
      },
    );
    const fixed = await stripe.paymentIntents.create({ amount: 100, currency: 'usd' }, { idempotencyKey: 'fix-me' });
    assert.equal(fixed.amount, 100);
  });

  it('refuses a wrong API key with StripeAuthenticationError, masking the key', async () => {
    const wrongKey = 'sk_test_51WrongKeyWrongKeyWrongKey9876';
    await rejectsAs(clientFor(fake, wrongKey).paymentIntents.create({ amount: 100, currency: 'usd' }), 'StripeAuthenticationError', {
      statusCode: 401,
      message: /^Invalid API Key provided: sk_test_\*+9876$/,
    });
  });

  it("refuses invalid parameters with StripeInvalidRequestError naming the param, as Stripe's error body does", async () => {
    const refusals: Array<[Stripe.PaymentIntentCreateParams, string, string | undefined]> = [
      [{ amount: 49, currency: 'usd' }, 'amount', 'amount_too_small'],
      [{ amount: 100_000_000, currency: 'usd' }, 'amount', 'amount_too_large'],
      [{ amount: 1_000, currency: 'xyz' }, 'currency', undefined],
      [{ currency: 'usd' } as Stripe.PaymentIntentCreateParams, 'amount', 'parameter_missing'],
      [{ amount: 1_000, currency: 'usd', payment_method_types: ['card'] } as never, 'payment_method_types', 'parameter_unknown'],
      [{ amount: 1_000, currency: 'usd', statement_descriptor: 'DAWA PHARMACY' }, 'statement_descriptor', undefined],
      [{ amount: 1_000, currency: 'usd', metadata: { ['k'.repeat(41)]: 'v' } }, `metadata[${'k'.repeat(41)}]`, undefined],
    ];
    for (const [params, param, code] of refusals) {
      await rejectsAs(stripe.paymentIntents.create(params), 'StripeInvalidRequestError', { param, code, statusCode: 400 });
    }
    await rejectsAs(stripe.paymentIntents.retrieve('pi_doesnotexist'), 'StripeInvalidRequestError', {
      statusCode: 404,
      code: 'resource_missing',
      param: 'intent',
    });
  });

  it('signs the events a customer action causes so that stripe-node accepts them', async () => {
    const { id } = await card();
    const webhook = await fake.completePayment(id);
    const header = webhook.headers['stripe-signature'] as string;
    assert.match(header, /^t=\d+,v1=[0-9a-f]{64},v0=[0-9a-f]{64}$/);
    const event = stripe.webhooks.constructEvent(Buffer.from(webhook.rawBody).toString(), header, WEBHOOK_SECRET);
    assert.equal(event.type, 'payment_intent.succeeded');
    assert.equal((event.data.object as Stripe.PaymentIntent).id, id);
    assert.throws(() => stripe.webhooks.constructEvent(Buffer.from(webhook.rawBody).toString(), header, 'whsec_someoneElse'));
    const types = fake
      .events()
      .filter((e) => (e.data.object as { id: string }).id === id || e.type.startsWith('charge.'))
      .map((e) => e.type);
    assert.ok(types.includes('payment_intent.created') && types.includes('charge.succeeded'), types.join(', '));
  });
});
