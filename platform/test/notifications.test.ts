import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { formatMinorUnits } from '@dawa/plugin-sdk';
import { after, before, describe, it } from 'node:test';
import { systemScope } from '../src/common/tenant-scope.js';
import { MessageStatusHandler } from '../src/notifications/message-status.handler.js';
import { TOPICS } from '../src/notifications/notification-events.js';
import { SaleReceiptHandler } from '../src/notifications/sale-receipt.handler.js';
import { OutboxDispatcher } from '../src/outbox/outbox-dispatcher.js';
import { OutboxService } from '../src/outbox/outbox.service.js';
import { TenantRegistry } from '../src/tenancy/tenant-registry.service.js';
import { smsRecorder } from './fixtures/plugins/sms-recorder-fixture.js';
import { listQuery } from './support/api-client.js';
import { createProduct } from './support/catalog-fixtures.js';
import { assertProblem, createUser, provisionTenant, schemaOf, type TestTenant } from './support/fixtures.js';
import { inDays, receive } from './support/inventory-fixtures.js';
import { createPrescription, indianPharmacy, PATIENT } from './support/prescription-fixtures.js';
import { goldenIndianProducts, goldenKenyanSale } from './support/sales-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const recorderPlugin = fileURLToPath(new URL('./fixtures/plugins/sms-recorder-fixture.js', import.meta.url));

describe('notifications', () => {
  let app: TestApp;
  let india: TestTenant;
  let kenya: TestTenant;
  let mumbai: string;
  let pune: string;
  let dolo: string;
  let cashier: { id: string; token: string };
  let manager: { id: string; token: string };
  let pharmacist: { id: string; token: string };
  let phoneSeq = 0;

  const owner = () => ({ tenant: india.slug, token: india.ownerToken });
  /** A fresh Indian mobile number per test, as a cashier would type it (no country code). */
  const newPhone = () => `98${String(7000000 + ++phoneSeq).padStart(8, '0')}`;
  const e164 = (local: string) => `+91${local}`;

  async function tenantRef(t: TestTenant) {
    return (await app.platform.app.get(TenantRegistry).bySlug(t.slug))!;
  }

  async function scopeOf(t: TestTenant) {
    const ref = await tenantRef(t);
    return systemScope(ref, app.platform.orm.em.fork({ schema: ref.schemaName }), 'test');
  }

  /** Lets the outbox deliver everything pending for the tenant, retries included (no waiting out the backoff). */
  async function deliver(t: TestTenant = india) {
    await app.platform.app.get(OutboxDispatcher).drain(await tenantRef(t), { ignoreBackoff: true });
  }

  async function sellTo(customer: Record<string, unknown> | undefined, token = cashier.token) {
    const res = await app.api.post(
      '/api/v1/sales',
      { storeId: mumbai, customer, lines: [{ productId: dolo, quantity: 1 }], payments: [{ method: 'cash', amount: 5000 }] },
      { tenant: india.slug, token },
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  }

  async function notificationsOf(filter: Record<string, unknown>, t: TestTenant = india) {
    const res = await app.api.get(`/api/v1/notifications${listQuery({ filter })}`, { tenant: t.slug, token: t.ownerToken });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as any[];
  }

  before(async () => {
    app = await startTestApp({ DAWA_PLUGIN_PATHS: recorderPlugin });
    ({ tenant: india, mumbai, pune } = await indianPharmacy(app, 'notify-in'));
    kenya = await provisionTenant(app, 'notify-ke', { country: 'KE' });
    const enabled = await app.api.put('/api/v1/plugins/sms-recorder-fixture', { enabled: true, config: {} }, owner());
    assert.equal(enabled.status, 200, JSON.stringify(enabled.body));
    ({ dolo } = await goldenIndianProducts(app, india, mumbai));
    cashier = await createUser(app, india, 'cashier@notify.test', ['cashier'], [mumbai]);
    manager = await createUser(app, india, 'manager@notify.test', ['store_manager'], [mumbai]);
    pharmacist = await createUser(app, india, 'pharmacist@notify.test', ['pharmacist'], [mumbai]);
  });
  after(() => app?.close());

  describe('sale receipts', () => {
    it("sends one receipt SMS after the sale commits, in the customer's language and the chain's wording", async () => {
      const saved = await app.api.put(
        '/api/v1/notification-templates/sale.receipt:sms:hi',
        { body: 'रसीद {{invoiceNo}}: कुल {{total}}, {{store}}। धन्यवाद {{customerName}}!' },
        owner(),
      );
      assert.equal(saved.status, 200, JSON.stringify(saved.body));
      assert.equal(saved.body.source, 'chain');
      const phone = newPhone();
      const sale = await sellTo({ phone, name: 'Ravi Shankar', language: 'hi', smsReceipt: true });
      const quiet = newPhone();
      await sellTo({ phone: quiet, name: 'No Thanks' });
      await deliver();

      const sent = smsRecorder.to(e164(phone));
      assert.equal(sent.length, 1, 'exactly one receipt');
      assert.equal(
        sent[0].body,
        `रसीद ${sale.invoiceNo}: कुल INR ${formatMinorUnits(sale.totals.total)}, Store MUM-1। धन्यवाद Ravi Shankar!`,
      );
      assert.equal(smsRecorder.to(e164(quiet)).length, 0, 'no receipt unless the customer asked for one');

      const [row] = await notificationsOf({ eventType: 'sale.receipt', status: 'queued' }).then((rows) =>
        rows.filter((r) => r.providerRef === sent[0].providerRef),
      );
      assert.equal(row.recipient, '+91******' + phone.slice(-4));
      assert.deepEqual([row.language, row.template, row.storeId, row.attempts], ['hi', 'sale.receipt:sms:hi', mumbai, 1]);
      assert.ok(!JSON.stringify(row).includes(phone), 'the number is never listed in clear');
    });

    it('falls back to the default English wording for a language the chain does not write in', async () => {
      const phone = newPhone();
      const sale = await sellTo({ phone, language: 'fr', smsReceipt: true });
      await deliver();
      const [sms] = smsRecorder.to(e164(phone));
      assert.match(sms.body, new RegExp(`^Chain notify-in Store MUM-1: thank you\\. Invoice ${sale.invoiceNo.replace(/\//g, '\\/')} of `));
    });

    it('never sends twice when the outbox delivers the same event again, even concurrently', async () => {
      const phone = newPhone();
      const sale = await sellTo({ phone, smsReceipt: true });
      await deliver();
      const handler = app.platform.app.get(SaleReceiptHandler);
      const event = { id: 'redelivery', topic: TOPICS.saleReceipt, payload: { saleId: sale.id }, attempts: 1, createdAt: new Date() };
      await handler.handle(event, await scopeOf(india));
      assert.equal(smsRecorder.to(e164(phone)).length, 1);

      const racing = newPhone();
      const second = await sellTo({ phone: racing, smsReceipt: true });
      const again = { ...event, payload: { saleId: second.id } };
      // Both scopes first: a handler refused while another sends must not reject before allSettled is listening.
      const [firstScope, secondScope] = [await scopeOf(india), await scopeOf(india)];
      await Promise.allSettled([handler.handle(again, firstScope), handler.handle(again, secondScope), deliver()]);
      await deliver();
      assert.equal(smsRecorder.to(e164(racing)).length, 1, 'three deliveries at once, one SMS');
    });

    it('does not send again when a process died between the vendor call and recording it, and says so', async () => {
      const phone = newPhone();
      const sale = await sellTo({ phone, smsReceipt: true });
      await deliver();
      const schema = await schemaOf(app, india.slug);
      // The state a crash inside the send leaves behind: the send was stamped, its outcome never recorded.
      const [row] = await app.sql<{ id: string }>(
        `update "${schema}".notification set provider_ref = null, send_started_at = now() - interval '10 minutes'
         where business_key = $1 returning id`,
        [`sale-receipt:${sale.id}`],
      );
      const handler = app.platform.app.get(SaleReceiptHandler);
      await handler.handle(
        { id: '0', topic: TOPICS.saleReceipt, payload: { saleId: sale.id }, attempts: 2, createdAt: new Date() },
        await scopeOf(india),
      );
      assert.equal(smsRecorder.to(e164(phone)).length, 1, 'not sent a second time');
      const [after] = await notificationsOf({ id: row.id });
      assert.deepEqual([after.status, after.reason], ['failed', 'outcome-unknown']);
    });

    it('retries a vendor outage with the outbox and sends once it is back', async () => {
      const phone = newPhone();
      smsRecorder.failNext(e164(phone), 'unavailable', 'unavailable');
      const sale = await sellTo({ phone, smsReceipt: true });
      await deliver();
      assert.equal(smsRecorder.to(e164(phone)).length, 1);
      const [row] = (await notificationsOf({ eventType: 'sale.receipt' })).filter((r) => r.recipient.endsWith(phone.slice(-4)));
      assert.deepEqual([row.status, row.attempts, row.lastError], ['queued', 3, null]);
      const [event] = await app.sql<{ attempts: number; status: string }>(
        `select attempts, status from "${await schemaOf(app, india.slug)}".outbox_event where topic = $1 and dedupe_key = $2`,
        [TOPICS.saleReceipt, sale.id],
      );
      assert.deepEqual([event.attempts, event.status], [3, 'done'], 'the outbox retried twice, then the send went through');
    });

    it('does not retry a number the vendor refuses', async () => {
      const phone = newPhone();
      smsRecorder.failNext(e164(phone), 'not-a-mobile');
      const sale = await sellTo({ phone, smsReceipt: true });
      await deliver();
      assert.equal(smsRecorder.to(e164(phone)).length, 0);
      const [row] = (await notificationsOf({ eventType: 'sale.receipt' })).filter((r) => r.recipient.endsWith(phone.slice(-4)));
      assert.deepEqual([row.status, row.reason, row.attempts, row.lastError], ['failed', 'invalid_input', 1, 'to: is a landline']);
      const [event] = await app.sql<{ attempts: number; status: string }>(
        `select attempts, status from "${await schemaOf(app, india.slug)}".outbox_event where topic = $1 and dedupe_key = $2`,
        [TOPICS.saleReceipt, sale.id],
      );
      assert.deepEqual([event.attempts, event.status], [1, 'done']);
    });
  });

  describe('opt-outs', () => {
    it('never messages a number that opted out, until the opt-out is lifted', async () => {
      const phone = newPhone();
      const recorded = await app.api.post(
        '/api/v1/notifications/opt-outs',
        { phone: `+91 ${phone}`, reason: 'asked at the counter' },
        {
          tenant: india.slug,
          token: manager.token,
        },
      );
      assert.equal(recorded.status, 201, JSON.stringify(recorded.body));
      assert.deepEqual([recorded.body.recipient, recorded.body.source], [`+91******${phone.slice(-4)}`, 'staff']);
      const repeated = await app.api.post('/api/v1/notifications/opt-outs', { phone }, { tenant: india.slug, token: manager.token });
      assert.equal(repeated.status, 200);
      assert.equal(repeated.body.id, recorded.body.id);

      await sellTo({ phone, smsReceipt: true });
      await deliver();
      assert.equal(smsRecorder.to(e164(phone)).length, 0);
      const skipped = (await notificationsOf({ status: 'skipped' })).filter((r) => r.recipient.endsWith(phone.slice(-4)));
      assert.deepEqual(
        skipped.map((r) => r.reason),
        ['opted-out'],
      );

      assertProblem(
        await app.api.delete(`/api/v1/notifications/opt-outs/${recorded.body.id}`, { tenant: india.slug, token: cashier.token }),
        403,
      );
      const lifted = await app.api.delete(`/api/v1/notifications/opt-outs/${recorded.body.id}`, {
        tenant: india.slug,
        token: manager.token,
      });
      assert.equal(lifted.status, 204);
      await sellTo({ phone, smsReceipt: true });
      await deliver();
      assert.equal(smsRecorder.to(e164(phone)).length, 1);
    });

    it("records the vendor's opt-out answer and skips that number from then on", async () => {
      const phone = newPhone();
      smsRecorder.failNext(e164(phone), 'opted-out');
      await sellTo({ phone, smsReceipt: true });
      await deliver();
      await sellTo({ phone, smsReceipt: true });
      await deliver();
      assert.equal(smsRecorder.to(e164(phone)).length, 0);
      const rows = (await notificationsOf({ eventType: 'sale.receipt' })).filter((r) => r.recipient.endsWith(phone.slice(-4)));
      assert.deepEqual(rows.map((r) => `${r.status}:${r.reason}`).sort(), ['failed:recipient-opted-out', 'skipped:opted-out']);
      const optOuts = await app.api.get(`/api/v1/notifications/opt-outs${listQuery({ filter: { phone: e164(phone) } })}`, owner());
      assert.deepEqual(
        optOuts.body.map((o: any) => [o.source, o.channel]),
        [['vendor', 'sms']],
      );
    });
  });

  describe('delivery reports', () => {
    async function report(providerRef: string, status: string, eventId: string) {
      const scope = await scopeOf(india);
      await scope.em.transactional((em) =>
        app.platform.app.get(OutboxService).emit(
          { ...scope, em },
          {
            topic: TOPICS.messageStatus,
            payload: {
              inboxId: eventId,
              plugin: 'sms-recorder-fixture',
              event: { eventId, providerRef, status, occurredAt: new Date().toISOString() },
            },
            dedupeKey: eventId,
          },
        ),
      );
      await deliver();
    }

    it('moves a notification forward and never back when reports arrive out of order', async () => {
      const phone = newPhone();
      await sellTo({ phone, smsReceipt: true });
      await deliver();
      const [sms] = smsRecorder.to(e164(phone));
      const status = async () =>
        (await notificationsOf({ eventType: 'sale.receipt' })).find((r) => r.providerRef === sms.providerRef).status;
      assert.equal(await status(), 'queued');
      await report(sms.providerRef, 'delivered', `${sms.providerRef}-d`);
      assert.equal(await status(), 'delivered');
      await report(sms.providerRef, 'sent', `${sms.providerRef}-s`);
      assert.equal(await status(), 'delivered', 'a late "sent" does not undo "delivered"');
      await report(sms.providerRef, 'failed', `${sms.providerRef}-f`);
      assert.equal(await status(), 'delivered', 'a final answer stays final');
    });

    it('waits a little for a reference it does not know yet, then lets it go', async () => {
      const handler = app.platform.app.get(MessageStatusHandler);
      const event = (attempts: number) => ({
        id: 'unknown-ref',
        topic: TOPICS.messageStatus,
        payload: {
          inboxId: '00000000-0000-4000-8000-000000000001',
          plugin: 'sms-recorder-fixture',
          event: { eventId: 'e-1', providerRef: 'SM-not-ours', status: 'delivered' as const, occurredAt: new Date().toISOString() },
        },
        attempts,
        createdAt: new Date(),
      });
      await assert.rejects(handler.handle(event(1), await scopeOf(india)), /SM-not-ours/);
      await handler.handle(event(3), await scopeOf(india));
    });
  });

  describe('stock digest', () => {
    it("tells each store's managers about their store's low and expiring stock, once a day", async () => {
      const slowMover = await createProduct(app, india, { name: 'Zincovit Tablet', reorderLevel: 500, mrp: 1100 });
      await receive(app, india, mumbai, [{ productId: slowMover, batchNo: 'ZV-EXP', expiry: inDays(12), quantity: 40 }]);
      const punePhone = '+919700000002';
      const mumbaiPhone = '+919700000001';
      const punes = await createUser(app, india, 'pune-manager@notify.test', ['store_manager'], [pune]);
      const other = await createUser(app, india, 'pharmacist2@notify.test', ['pharmacist'], [mumbai]);
      for (const [id, phone] of [
        [manager.id, mumbaiPhone],
        [punes.id, punePhone],
        [other.id, '+919700000003'],
      ])
        assert.equal((await app.api.put(`/api/v1/users/${id}`, { phone }, owner())).status, 200);

      assertProblem(await app.api.post('/api/v1/notifications/digests/run', {}, { tenant: india.slug, token: manager.token }), 403);
      const run = await app.api.post('/api/v1/notifications/digests/run', {}, owner());
      assert.equal(run.status, 202, JSON.stringify(run.body));
      assert.deepEqual(run.body.storeIds.sort(), [mumbai, pune].sort());
      await deliver();
      assert.equal((await app.api.post('/api/v1/notifications/digests/run', { date: run.body.date }, owner())).status, 202);
      await deliver();

      const [toMumbai] = smsRecorder.to(mumbaiPhone);
      assert.equal(smsRecorder.to(mumbaiPhone).length, 1, 'once per day however often it runs');
      assert.match(toMumbai.body, /^Store MUM-1 \d{4}-\d{2}-\d{2}: \d+ below reorder level: .*Zincovit Tablet \(40\/500\)/);
      assert.match(toMumbai.body, /1 batch\(es\) expired or expiring within 30 days: Zincovit Tablet ZV-EXP /);
      const [toPune] = smsRecorder.to(punePhone);
      assert.match(toPune.body, /^Store PUN-1 .*Zincovit Tablet \(0\/500\)/);
      assert.doesNotMatch(toPune.body, /ZV-EXP/, "another store's batches are not in it");
      assert.equal(smsRecorder.to('+919700000003').length, 0, 'managers only');
    });
  });

  describe('prescription decisions', () => {
    it('tells the patient the decision, after it is recorded', async () => {
      const items = [{ genericName: 'Amoxycillin', quantity: 10 }];
      const approved = await createPrescription(app, india, { storeId: mumbai, items });
      const res = await app.api.post(`/api/v1/prescriptions/${approved.id}/approve`, {}, { tenant: india.slug, token: pharmacist.token });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      const rejected = await createPrescription(app, india, { storeId: mumbai, items });
      const no = await app.api.post(
        `/api/v1/prescriptions/${rejected.id}/reject`,
        { reason: 'illegible dosage' },
        {
          tenant: india.slug,
          token: pharmacist.token,
        },
      );
      assert.equal(no.status, 200, JSON.stringify(no.body));
      await deliver();
      const bodies = smsRecorder.to(PATIENT.phone).map((m) => m.body);
      assert.deepEqual(bodies, [
        `Chain notify-in Store MUM-1: your prescription has been checked by our pharmacist and is valid until ${res.body.validUntil}.`,
        'Chain notify-in Store MUM-1: our pharmacist could not accept your prescription (illegible dosage). Please contact the store.',
      ]);
    });
  });

  describe('templates', () => {
    it("lists the chain's wording and the country's defaults (IN: English and Hindi; KE: English and Swahili)", async () => {
      const res = await app.api.get(
        `/api/v1/notification-templates${listQuery({ filter: { eventType: 'sale.receipt' }, range: [0, 99] })}`,
        owner(),
      );
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.body.map((t: any) => `${t.id}/${t.source}`),
        ['sale.receipt:sms:en/default', 'sale.receipt:sms:hi/chain'],
      );
      assert.match(res.headers.get('content-range')!, /^notification-templates 0-1\/2$/);
      const kenyan = await app.api.get(`/api/v1/notification-templates${listQuery({ filter: { eventType: 'sale.receipt' } })}`, {
        tenant: kenya.slug,
        token: kenya.ownerToken,
      });
      assert.deepEqual(
        kenyan.body.map((t: any) => `${t.id}/${t.source}`),
        ['sale.receipt:sms:en/default', 'sale.receipt:sms:sw/default'],
        "India's Hindi wording is not Kenya's",
      );
      assert.match(kenyan.body[1].body, /asante/);
    });

    it('refuses unknown placeholders naming them, and other bad input', async () => {
      const bad = await app.api.put(
        '/api/v1/notification-templates/sale.receipt:sms:en',
        { body: 'Hi {{customerName}}, {{balance}} due {{dueDate}}' },
        owner(),
      );
      assertProblem(bad, 422, 'unknown-placeholders');
      assert.deepEqual(bad.body.placeholders, ['balance', 'dueDate']);
      assert.match(bad.body.detail, /\{\{balance\}\}, \{\{dueDate\}\}/);
      assertProblem(
        await app.api.put('/api/v1/notification-templates/sale.receipt:sms:en', { body: '' }, owner()),
        400,
        'validation-error',
      );
      assertProblem(
        await app.api.put('/api/v1/notification-templates/sale.receipt:sms:en', { body: 'x'.repeat(700) }, owner()),
        422,
        'template-too-long',
      );
      assertProblem(await app.api.put('/api/v1/notification-templates/sale.refund:sms:en', { body: 'x' }, owner()), 400);
      assertProblem(await app.api.put('/api/v1/notification-templates/sale.receipt:fax:en', { body: 'x' }, owner()), 400);
      assertProblem(
        await app.api.put(
          '/api/v1/notification-templates/sale.receipt:sms:en',
          { body: 'Thanks' },
          { tenant: india.slug, token: manager.token },
        ),
        403,
      );
      const unchanged = await app.api.get('/api/v1/notification-templates/sale.receipt:sms:en', owner());
      assert.equal(unchanged.body.source, 'default');
    });

    it('sends nothing in a language the chain switched off, and reverts to the default on delete', async () => {
      const off = await app.api.put(
        '/api/v1/notification-templates/prescription.approved:sms:en',
        { body: 'Rx ok {{validUntil}}', active: false },
        owner(),
      );
      assert.equal(off.status, 200);
      const items = [{ genericName: 'Amoxycillin', quantity: 10 }];
      const rx = await createPrescription(app, india, { storeId: mumbai, items });
      const before = smsRecorder.to(PATIENT.phone).length;
      await app.api.post(`/api/v1/prescriptions/${rx.id}/approve`, {}, { tenant: india.slug, token: pharmacist.token });
      await deliver();
      assert.equal(
        smsRecorder.to(PATIENT.phone).length,
        before,
        'the approval in English is switched off: not sent in another language instead',
      );
      const rows = await notificationsOf({ eventType: 'prescription.approved', status: 'skipped' });
      assert.ok(rows.some((r) => r.reason === 'template-disabled'));
      assert.equal((await app.api.delete('/api/v1/notification-templates/prescription.approved:sms:en', owner())).status, 204);
      assert.equal((await app.api.get('/api/v1/notification-templates/prescription.approved:sms:en', owner())).body.source, 'default');
    });
  });

  describe('chains without a messaging plugin, and isolation', () => {
    it('records the notification as skipped with the reason instead of retrying forever', async () => {
      const sale = await goldenKenyanSale(app, kenya);
      assert.equal(sale.status, 201, JSON.stringify(sale.body));
      const res = await app.api.post(
        '/api/v1/sales',
        {
          storeId: sale.body.storeId,
          customer: { phone: '0712345678', smsReceipt: true, language: 'sw' },
          lines: [{ productId: sale.body.lines[0].productId, quantity: 1 }],
          payments: [{ method: 'cash', amount: 10000 }],
        },
        { tenant: kenya.slug, token: kenya.ownerToken },
      );
      assert.equal(res.status, 201, JSON.stringify(res.body));
      await deliver(kenya);
      const [row] = await notificationsOf({}, kenya);
      assert.deepEqual([row.status, row.reason, row.recipient], ['skipped', 'no-messaging-plugin', '+25******5678']);
    });

    it("never shows or touches another chain's notifications, templates or opt-outs", async () => {
      const indian = await notificationsOf({});
      const kenyan = await notificationsOf({}, kenya);
      assert.ok(indian.length > 5 && kenyan.length === 1);
      assert.ok(!kenyan.some((k) => indian.some((i) => i.id === k.id)));
      const asKenya = { tenant: kenya.slug, token: kenya.ownerToken };
      assertProblem(await app.api.get(`/api/v1/notifications/${indian[0].id}`, asKenya), 404);
      const optOuts = await app.api.get('/api/v1/notifications/opt-outs', owner());
      assert.ok(optOuts.body.length >= 1);
      assert.deepEqual((await app.api.get('/api/v1/notifications/opt-outs', asKenya)).body, []);
      assertProblem(await app.api.delete(`/api/v1/notifications/opt-outs/${optOuts.body[0].id}`, asKenya), 404);
      assertProblem(await app.api.delete('/api/v1/notification-templates/sale.receipt:sms:hi', asKenya), 404);
      assert.equal((await app.api.get('/api/v1/notification-templates/sale.receipt:sms:hi', owner())).body.source, 'chain');
    });

    it("shows managers only their stores' notifications and cashiers none", async () => {
      const mine = await app.api.get('/api/v1/notifications', { tenant: india.slug, token: manager.token });
      assert.equal(mine.status, 200);
      assert.ok(mine.body.length > 0 && mine.body.every((n: any) => n.storeId === mumbai));
      assertProblem(await app.api.get('/api/v1/notifications', { tenant: india.slug, token: cashier.token }), 403);
      assertProblem(await app.api.get(`/api/v1/notifications${listQuery({ filter: { status: 'lost' } })}`, owner()), 400);
      const today = await notificationsOf({ from: inDays(0), to: inDays(1) });
      const tomorrow = await notificationsOf({ from: inDays(1) });
      assert.ok(today.length > 0 && tomorrow.length === 0);
    });
  });
});
