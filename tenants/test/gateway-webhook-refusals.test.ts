import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMpesaFake, type MpesaFake } from '@dawa/plugin-payments-mpesa/fake';
import { stripeSignature } from '@dawa/plugin-payments-stripe/fake';
import type { IncomingWebhook } from '@dawa/plugin-sdk';
import {
  awaitingSale,
  drainOutbox,
  kenyanPanadolCounter,
  listQuery,
  postWebhook,
  provisionTenant,
  startTestApp,
  type TestApp,
  type TestTenant,
} from '@dawa/platform/testing';
import { demoManifest } from '../src/manifest.js';

const PUBLIC_URL = 'https://dawa.example';
const STRIPE = {
  secretKey: 'sk_test_DawaRefusals',
  publishableKey: 'pk_test_DawaRefusals',
  webhookSecret: 'whsec_DawaRefusals',
};

/**
 * What the ingress refuses with the real gateway plugins in front of it: M-Pesa callbacks that do not match a push
 * Daraja knows, an M-Pesa success for the wrong amount, and Stripe events signed too long ago. Each refusal is
 * recorded where an admin can see it, and none changes a payment or a sale.
 */
describe('gateway webhooks the platform refuses', () => {
  let app: TestApp;
  let mpesa: MpesaFake;
  const mpesaConfig = demoManifest('afya').plugins['payments-mpesa']!.config! as Record<string, any>;
  const as = (t: TestTenant) => ({ tenant: t.slug, token: t.ownerToken });
  const deliver = (webhook: IncomingWebhook) => {
    const url = new URL(webhook.url);
    const headers = Object.fromEntries(
      Object.entries(webhook.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v]])),
    );
    return postWebhook(app, `${url.pathname.replace('/api/v1/webhooks/', '')}${url.search}`, Buffer.from(webhook.rawBody), headers);
  };
  const refusals = async (chain: TestTenant) =>
    (await app.api.get(`/api/v1/webhooks/refusals${listQuery({ sort: ['receivedAt', 'ASC'] })}`, as(chain))).body as Array<{
      plugin: string;
      reason: string;
    }>;

  before(async () => {
    mpesa = await startMpesaFake({
      consumerKey: mpesaConfig.consumerKey,
      consumerSecret: mpesaConfig.consumerSecret,
      shortCode: mpesaConfig.shortCode,
      passkey: mpesaConfig.passkey,
    });
    app = await startTestApp({ DAWA_PLUGIN_BASE_URLS: `payments-mpesa=${mpesa.baseUrl}`, DAWA_PUBLIC_URL: PUBLIC_URL });
  });
  after(async () => {
    await app?.close();
    await mpesa?.stop();
  });

  describe('M-Pesa', () => {
    let chain: TestTenant;
    let storeId: string;
    let panadol: string;

    const pushFor = async (saleId: string) => {
      const push = await app.api.post(
        '/api/v1/payments/intents',
        { saleId, plugin: 'payments-mpesa', method: 'mpesa', phone: '0712345678' },
        as(chain),
      );
      assert.equal(push.status, 201, JSON.stringify(push.body));
      return push.body as { id: string; providerRef: string };
    };

    before(async () => {
      chain = await provisionTenant(app, 'refusals-kenya', { country: 'KE' });
      assert.equal((await app.api.put('/api/v1/plugins/payments-mpesa', { enabled: true, config: mpesaConfig }, as(chain))).status, 200);
      ({ storeId, panadol } = await kenyanPanadolCounter(app, chain, 'NBO-9'));
    });

    it('refuses a callback naming a CheckoutRequestID Daraja never issued, and records the refusal', async () => {
      const sale = await awaitingSale(app, chain, storeId, panadol, 10);
      const push = await pushFor(sale.id);
      const genuine = await mpesa.settlePush(push.providerRef, 'pay');
      const forged = JSON.parse(Buffer.from(genuine.rawBody).toString());
      forged.Body.stkCallback.CheckoutRequestID = 'ws_CO_191220191020363925999999';
      const refused = await deliver({ ...genuine, rawBody: Buffer.from(JSON.stringify(forged)) });
      assert.equal(refused.status, 401, JSON.stringify(refused.body));
      await drainOutbox(app);
      assert.equal((await app.api.get(`/api/v1/payments/${push.id}`, as(chain))).body.status, 'pending');
      assert.equal((await app.api.get(`/api/v1/sales/${sale.id}`, as(chain))).body.status, 'awaiting_payment');
      assert.deepEqual(
        (await refusals(chain)).map((r) => r.plugin),
        ['payments-mpesa'],
      );

      assert.equal((await deliver(genuine)).status, 200, 'the genuine callback still completes the sale');
      await drainOutbox(app);
      assert.equal((await app.api.get(`/api/v1/sales/${sale.id}`, as(chain))).body.status, 'completed');
    });

    it('does not settle a success for the wrong amount; a status query settles it once for what was asked', async () => {
      const sale = await awaitingSale(app, chain, storeId, panadol, 10);
      const push = await pushFor(sale.id);
      const genuine = await mpesa.settlePush(push.providerRef, 'pay');
      const short = JSON.parse(Buffer.from(genuine.rawBody).toString());
      const amount = short.Body.stkCallback.CallbackMetadata.Item.find((item: { Name: string }) => item.Name === 'Amount');
      amount.Value = 1;
      assert.equal((await deliver({ ...genuine, rawBody: Buffer.from(JSON.stringify(short)) })).status, 200);
      await drainOutbox(app);
      const flagged = (await app.api.get(`/api/v1/payments/${push.id}`, as(chain))).body;
      assert.equal(flagged.status, 'pending');
      assert.match(flagged.flaggedReason, /amount|1\.00|100/i);
      assert.equal((await app.api.get(`/api/v1/sales/${sale.id}`, as(chain))).body.status, 'awaiting_payment');

      const refreshed = await app.api.post(`/api/v1/payments/${push.id}/refresh`, undefined, as(chain));
      assert.equal(refreshed.body.status, 'succeeded', JSON.stringify(refreshed.body));
      await app.api.post(`/api/v1/payments/${push.id}/refresh`, undefined, as(chain));
      await drainOutbox(app);
      const completed = (await app.api.get(`/api/v1/sales/${sale.id}`, as(chain))).body;
      assert.equal(completed.status, 'completed');
      assert.equal(completed.payments.length, 1, 'settled once, however often it is refreshed');
      assert.equal(completed.payments[0].amount, sale.totals.total);
    });
  });

  describe('Stripe', () => {
    let chain: TestTenant;
    const event = (id: string) =>
      JSON.stringify({
        id,
        object: 'event',
        type: 'payment_intent.succeeded',
        created: Math.floor(Date.now() / 1000),
        data: { object: { id: 'pi_unknown', object: 'payment_intent', amount: 1200, currency: 'usd', status: 'succeeded' } },
      });
    const post = (body: string, signedAt: number) =>
      postWebhook(app, `${chain.slug}/payments-stripe`, body, {
        'content-type': 'application/json',
        'stripe-signature': stripeSignature(body, STRIPE.webhookSecret, signedAt),
      });

    before(async () => {
      chain = await provisionTenant(app, 'refusals-us', { country: 'US' });
      const on = await app.api.put('/api/v1/plugins/payments-stripe', { enabled: true, config: STRIPE }, as(chain));
      assert.equal(on.status, 200, JSON.stringify(on.body));
    });

    it('refuses an event signed more than five minutes ago and records it; a fresh one is taken once however often it comes', async () => {
      const now = Math.floor(Date.now() / 1000);
      const stale = await post(event('evt_stale'), now - 301);
      assert.equal(stale.status, 401, JSON.stringify(stale.body));
      assert.deepEqual(
        (await refusals(chain)).map((r) => r.plugin),
        ['payments-stripe'],
      );

      const fresh = event('evt_fresh');
      const deliveries = await Promise.all(Array.from({ length: 20 }, () => post(fresh, now)));
      assert.deepEqual(new Set(deliveries.map((d) => d.status)), new Set([200]));
      assert.equal(
        deliveries.reduce((sum, d) => sum + d.body.received, 0),
        1,
        'one delivery stored it; 19 were duplicates',
      );
      const inbox = (await app.api.get('/api/v1/webhooks/inbox', as(chain))).body;
      assert.equal(inbox.length, 1);
    });
  });
});
