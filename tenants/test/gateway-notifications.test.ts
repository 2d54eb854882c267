import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startAfricasTalkingFake } from '@dawa/plugin-sms-africastalking/fake';
import { startTwilioFake, type TwilioFake } from '@dawa/plugin-sms-twilio/fake';
import type { MessagingFake } from '@dawa/plugin-sdk/testing';
import {
  createStore,
  drainOutbox,
  kenyanPanadolCounter,
  enableIndiaGst,
  goldenIndianProducts,
  provisionTenant,
  startTestApp,
  type TestApp,
  type TestTenant,
} from '@dawa/platform/testing';
import { demoManifest } from '../src/manifest.js';

const twilioConfig = demoManifest('sanjeevani').plugins['sms-twilio']!.config! as Record<string, string>;
const atConfig = demoManifest('afya').plugins['sms-africastalking']!.config! as Record<string, string>;

/** Forwards every request to the API, body and headers unchanged. */
async function startProxy(target: () => string): Promise<{ url: string; stop(): Promise<void> }> {
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const headers = Object.fromEntries(
      Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' && k !== 'host' ? [[k, v]] : [])),
    );
    const answer = await fetch(`${target()}${req.url}`, {
      method: req.method,
      headers,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'text/plain' });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * A receipt SMS through the real messaging plugins and their vendors' fakes: the customer's phone gets the chain's
 * wording, and the vendor's delivery report — signed by Twilio over the URL it calls, or carrying Africa's Talking's
 * path token — comes back through the webhook ingress and marks the notification delivered.
 */
describe("receipt SMS through Twilio and Africa's Talking", () => {
  let app: TestApp;
  let twilio: TwilioFake;
  let africasTalking: MessagingFake;
  let kenya: TestTenant;
  let proxy: { url: string; stop(): Promise<void> };
  const as = (t: TestTenant) => ({ tenant: t.slug, token: t.ownerToken });
  const notifications = async (t: TestTenant) => (await app.api.get('/api/v1/notifications', as(t))).body as any[];
  const sandbox = (fake: { baseUrl: string }, path: string) => fetch(`${new URL(fake.baseUrl).origin}${path}`, { method: 'POST' });

  before(async () => {
    twilio = await startTwilioFake({
      accountSid: twilioConfig.accountSid,
      authToken: twilioConfig.authToken,
      numbers: [twilioConfig.from],
    });
    // Africa's Talking has one delivery-report URL per app, set in its dashboard before the API starts: it points at
    // a reverse proxy in front of the API, as in production.
    proxy = await startProxy(() => app.url);
    africasTalking = await startAfricasTalkingFake({
      username: atConfig.username,
      apiKey: atConfig.apiKey,
      senderIds: [atConfig.from],
      deliveryReportUrl: `${proxy.url}/api/v1/webhooks/sms-kenya/sms-africastalking/${atConfig.callbackToken}`,
    });
    app = await startTestApp({ DAWA_PLUGIN_BASE_URLS: `sms-twilio=${twilio.baseUrl},sms-africastalking=${africasTalking.baseUrl}` });
    kenya = await provisionTenant(app, 'sms-kenya', { country: 'KE' });
  });
  after(async () => {
    await app?.close();
    await twilio?.stop();
    await africasTalking?.stop();
    await proxy?.stop();
  });

  it('texts an Indian customer their receipt through Twilio and records the signed delivery report', async () => {
    const india = await provisionTenant(app, 'sms-india');
    await enableIndiaGst(app, india);
    assert.equal((await app.api.put('/api/v1/plugins/sms-twilio', { enabled: true, config: twilioConfig }, as(india))).status, 200);
    const storeId = await createStore(app, india, 'SMS-1');
    const { dolo } = await goldenIndianProducts(app, india, storeId);
    const sale = await app.api.post(
      '/api/v1/sales',
      {
        storeId,
        customer: { name: 'Asha', phone: '+919812345678', smsReceipt: true },
        lines: [{ productId: dolo, quantity: 15 }],
        payments: [{ method: 'cash', amount: 100000 }],
      },
      as(india),
    );
    assert.equal(sale.status, 201, JSON.stringify(sale.body));
    await drainOutbox(app);
    const [sent] = (await twilio.received()).filter((m) => m.to === '+919812345678');
    assert.ok(sent, 'Twilio received the receipt');
    assert.match(sent.body, new RegExp(sale.body.invoiceNo.replace(/[/]/g, '\\/')));
    const [queued] = await notifications(india);
    assert.equal(queued.providerRef, sent.providerRef);

    assert.equal((await sandbox(twilio, `/__sandbox/messages/${sent.providerRef}/deliver`)).status, 200);
    const [delivered] = await eventually(
      async () => {
        await drainOutbox(app);
        return notifications(india);
      },
      (rows) => rows[0]?.status === 'delivered',
      'the delivery report',
    );
    assert.equal(delivered.recipient, '+91******5678');
  });

  it("texts a Kenyan customer through Africa's Talking and takes its token-authenticated delivery report", async () => {
    assert.equal((await app.api.put('/api/v1/plugins/sms-africastalking', { enabled: true, config: atConfig }, as(kenya))).status, 200);
    const { storeId, panadol } = await kenyanPanadolCounter(app, kenya, 'NBO-S', 50);
    const sale = await app.api.post(
      '/api/v1/sales',
      {
        storeId,
        customer: { phone: '0712345678', smsReceipt: true, language: 'sw' },
        lines: [{ productId: panadol, quantity: 10 }],
        payments: [{ method: 'cash', amount: 45000 }],
      },
      as(kenya),
    );
    assert.equal(sale.status, 201, JSON.stringify(sale.body));
    await drainOutbox(app);
    const [sent] = (await africasTalking.received()).filter((m) => m.to === '+254712345678');
    assert.ok(sent, "Africa's Talking received the receipt");
    const [queued] = await notifications(kenya);
    assert.equal(queued.language, 'sw');
    assert.equal((await sandbox(africasTalking, `/__sandbox/messages/${sent.providerRef}/deliver`)).status, 200);
    await eventually(
      async () => {
        await drainOutbox(app);
        return notifications(kenya);
      },
      (rows) => rows[0]?.status === 'delivered',
      'the delivery report',
    );
  });
});
