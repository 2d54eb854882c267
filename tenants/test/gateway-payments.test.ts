import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMpesaFake, type MpesaFake } from '@dawa/plugin-payments-mpesa/fake';
import { startRazorpayFake, type RazorpayFake } from '@dawa/plugin-payments-razorpay/fake';
import type { IncomingWebhook } from '@dawa/plugin-sdk';
import {
  awaitingSale,
  createStore,
  drainOutbox,
  kenyanPanadolCounter,
  enableIndiaGst,
  goldenIndianProducts,
  postWebhook,
  provisionTenant,
  schemaOf,
  startTestApp,
  type TestApp,
  type TestTenant,
} from '@dawa/platform/testing';
import { demoManifest } from '../src/manifest.js';

const PUBLIC_URL = 'https://dawa.example';

/**
 * The payments core against the real gateway plugins and their vendors' fakes, configured as the demo chains are:
 * a UPI sale through Razorpay and an M-Pesa STK push in Kenya, each paid, completed by the vendor's webhook, returned
 * and refunded through the vendor.
 */
describe('gateway payments through the Razorpay and M-Pesa plugins', () => {
  let app: TestApp;
  let razorpay: RazorpayFake;
  let mpesa: MpesaFake;
  const razorpayConfig = demoManifest('sanjeevani').plugins['payments-razorpay']!.config!;
  const mpesaConfig = demoManifest('afya').plugins['payments-mpesa']!.config! as Record<string, any>;
  const as = (t: TestTenant) => ({ tenant: t.slug, token: t.ownerToken });
  /** Delivers what the vendor would send, at the path it was told (the URL's host is the public address). */
  const deliver = (webhook: IncomingWebhook, fallbackPath: string) => {
    const headers = Object.fromEntries(
      Object.entries(webhook.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v]])),
    );
    // Razorpay's fake, told no webhook URL, leaves its own placeholder: the dashboard's URL is the fallback path.
    const url = new URL(webhook.url);
    const path = webhook.url.startsWith(PUBLIC_URL) ? `${url.pathname.replace('/api/v1/webhooks/', '')}${url.search}` : fallbackPath;
    return postWebhook(app, path, Buffer.from(webhook.rawBody), headers);
  };

  before(async () => {
    razorpay = await startRazorpayFake({
      keyId: razorpayConfig.keyId as string,
      keySecret: razorpayConfig.keySecret as string,
      webhookSecret: razorpayConfig.webhookSecret as string,
      refundProcessingMs: Infinity,
    });
    mpesa = await startMpesaFake({
      consumerKey: mpesaConfig.consumerKey,
      consumerSecret: mpesaConfig.consumerSecret,
      shortCode: mpesaConfig.shortCode,
      passkey: mpesaConfig.passkey,
      b2c: {
        shortCode: mpesaConfig.refunds.b2cShortCode,
        initiatorName: mpesaConfig.refunds.initiatorName,
        securityCredential: mpesaConfig.refunds.securityCredential,
      },
    });
    app = await startTestApp({
      DAWA_PLUGIN_BASE_URLS: `payments-razorpay=${razorpay.baseUrl},payments-mpesa=${mpesa.baseUrl}`,
      DAWA_PUBLIC_URL: PUBLIC_URL,
    });
  });
  after(async () => {
    await app?.close();
    await razorpay?.stop();
    await mpesa?.stop();
  });

  it('takes a UPI payment through Razorpay checkout and refunds a return through Razorpay', async () => {
    const chain = await provisionTenant(app, 'gw-india');
    await enableIndiaGst(app, chain);
    const on = await app.api.put('/api/v1/plugins/payments-razorpay', { enabled: true, config: razorpayConfig }, as(chain));
    assert.equal(on.status, 200, JSON.stringify(on.body));
    const storeId = await createStore(app, chain, 'GW1');
    const { dolo } = await goldenIndianProducts(app, chain, storeId);
    const sale = await awaitingSale(app, chain, storeId, dolo);

    const intent = await app.api.post(
      '/api/v1/payments/intents',
      { saleId: sale.id, plugin: 'payments-razorpay', method: 'upi' },
      as(chain),
    );
    assert.equal(intent.status, 201, JSON.stringify(intent.body));
    assert.match(intent.body.providerRef, /^order_/);
    assert.equal(intent.body.action.type, 'client_checkout');

    const paid = await razorpay.pay(intent.body.providerRef, { method: 'upi' });
    for (const webhook of paid.webhooks) assert.equal((await deliver(webhook, `${chain.slug}/payments-razorpay`)).status, 200);
    await drainOutbox(app);
    const payment = (await app.api.get(`/api/v1/payments/${intent.body.id}`, as(chain))).body;
    assert.equal(payment.status, 'succeeded', JSON.stringify(payment));
    assert.match(payment.providerPaymentId, /^pay_/);
    const completed = (await app.api.get(`/api/v1/sales/${sale.id}`, as(chain))).body;
    assert.equal(completed.status, 'completed');
    assert.ok(completed.invoiceNo);

    const returned = await app.api.post(
      `/api/v1/sales/${sale.id}/returns`,
      { reason: 'Duplicate purchase', lines: [{ saleLineId: completed.lines[0].id, quantity: 15, restock: true }] },
      as(chain),
    );
    assert.equal(returned.status, 201, JSON.stringify(returned.body));
    await drainOutbox(app);
    assert.equal(await razorpay.refundedAmount(intent.body.providerRef), returned.body.totals.total);
    const [refund] = await app.sql<{ refund_ref: string; status: string }>(
      `select refund_ref, status from "${await schemaOf(app, chain.slug)}".payment_refund`,
    );
    assert.equal(refund.status, 'pending', 'Razorpay processes a refund later and says so by webhook');
    for (const webhook of await razorpay.settleRefund(refund.refund_ref, 'processed'))
      assert.equal((await deliver(webhook, `${chain.slug}/payments-razorpay`)).status, 200);
    await drainOutbox(app);
    assert.equal((await app.api.get(`/api/v1/returns/${returned.body.id}`, as(chain))).body.refunds[0].status, 'completed');
  });

  it('takes an M-Pesa payment by STK push and reverses a return to the payer by B2C', async () => {
    const chain = await provisionTenant(app, 'gw-kenya', { country: 'KE' });
    const on = await app.api.put('/api/v1/plugins/payments-mpesa', { enabled: true, config: mpesaConfig }, as(chain));
    assert.equal(on.status, 200, JSON.stringify(on.body));
    const { storeId, panadol } = await kenyanPanadolCounter(app, chain, 'NBO-1', 50);
    const sale = await awaitingSale(app, chain, storeId, panadol, 10);

    const push = await app.api.post(
      '/api/v1/payments/intents',
      { saleId: sale.id, plugin: 'payments-mpesa', method: 'mpesa', phone: '0712345678' },
      as(chain),
    );
    assert.equal(push.status, 201, JSON.stringify(push.body));
    assert.equal(push.body.action.type, 'await_customer');

    const callback = await mpesa.settlePush(push.body.providerRef, 'pay');
    assert.equal((await deliver(callback, '')).status, 200);
    await drainOutbox(app);
    const payment = (await app.api.get(`/api/v1/payments/${push.body.id}`, as(chain))).body;
    assert.equal(payment.status, 'succeeded', JSON.stringify(payment));
    const completed = (await app.api.get(`/api/v1/sales/${sale.id}`, as(chain))).body;
    assert.equal(completed.status, 'completed');

    const returned = await app.api.post(
      `/api/v1/sales/${sale.id}/returns`,
      { reason: 'Wrong product', lines: [{ saleLineId: completed.lines[0].id, quantity: 10, restock: true }] },
      as(chain),
    );
    assert.equal(returned.status, 201, JSON.stringify(returned.body));
    await drainOutbox(app);
    const [refund] = await app.sql<{ id: string; status: string }>(
      `select id, status from "${await schemaOf(app, chain.slug)}".payment_refund`,
    );
    assert.equal(refund.status, 'pending', 'M-Pesa accepts a B2C payment and reports its result later');
    assert.equal((await deliver(await mpesa.settleB2c(refund.id, 'complete'), '')).status, 200);
    await drainOutbox(app);
    assert.equal((await app.api.get(`/api/v1/returns/${returned.body.id}`, as(chain))).body.refunds[0].status, 'completed');
  });
});
