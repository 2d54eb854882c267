import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  approvedPrescription,
  assertProblem,
  createProduct,
  createUser,
  inDays,
  listQuery,
  provisionTenant,
  receive,
  schemaOf,
  type TestTenant,
} from './support/index.js';
import { PATH_TOKEN, signedWebhook, type PaymentFakeGateway } from './support/payment-fake.js';
import {
  awaitingSale,
  drainOutbox,
  enableGateways,
  paymentCounter,
  postWebhook,
  PUBLIC_URL,
  SIGNED_PLUGIN,
  startPaymentsApp,
  startSecondPaymentsProcess,
  TOKEN_PLUGIN,
} from './support/payment-fixtures.js';
import type { TestApp } from './support/test-app.js';

describe('gateway payments', () => {
  let app: TestApp;
  let gateway: PaymentFakeGateway;
  let chain: TestTenant;
  let storeId: string;
  let dolo: string;
  let schema: string;
  const owner = () => ({ tenant: chain.slug, token: chain.ownerToken });
  const intent = (body: Record<string, unknown>, key?: string) =>
    app.api.post('/api/v1/payments/intents', body, { ...owner(), headers: key ? { 'idempotency-key': key } : {} });
  const signed = (event: Parameters<typeof signedWebhook>[0]) => {
    const { body, headers } = signedWebhook(event);
    return postWebhook(app, `${chain.slug}/${SIGNED_PLUGIN}`, body, headers);
  };
  const audits = async (action: string, entityId: string) =>
    Number(
      (
        await app.sql<{ n: string }>(`select count(*) as n from "${schema}".audit_log where action = $1 and entity_id = $2`, [
          action,
          entityId,
        ])
      )[0].n,
    );

  before(async () => {
    ({ app, gateway } = await startPaymentsApp());
    chain = await provisionTenant(app, 'pay-chain');
    schema = await schemaOf(app, chain.slug);
    await enableGateways(app, chain);
    ({ storeId, dolo } = await paymentCounter(app, chain));
  });
  after(async () => {
    await app?.close();
    await gateway?.stop();
  });

  it('sells, collects through the gateway, completes the sale with the next invoice number, then refunds through the gateway', async () => {
    const before = await app.api.post(
      '/api/v1/sales',
      { storeId, lines: [{ productId: dolo, quantity: 1 }], payments: [{ method: 'cash', amount: 1000 }] },
      owner(),
    );
    assert.equal(before.status, 201, JSON.stringify(before.body));

    const sale = await awaitingSale(app, chain, storeId, dolo);
    assert.equal(sale.status, 'awaiting_payment');
    assert.equal(sale.invoiceNo, null);
    assert.equal(sale.balanceDue, sale.totals.total);
    assert.deepEqual(sale.payments, []);
    const waiting = await app.api.get(`/api/v1/sales${listQuery({ filter: { status: 'awaiting_payment' } })}`, owner());
    assert.deepEqual(
      waiting.body.map((s: any) => s.id),
      [sale.id],
    );
    // The stock left the shelf when the sale was made.
    const [{ on_hand }] = await app.sql<{ on_hand: string }>(
      `select sum(quantity) as on_hand from "${schema}".stock_batch where product_id = $1`,
      [dolo],
    );
    assert.equal(Number(on_hand), 150 - 1 - 15);
    assertProblem(await app.api.get(`/api/v1/sales/${sale.id}/invoice.pdf`, owner()), 409);

    const created = await intent({ saleId: sale.id, plugin: SIGNED_PLUGIN, method: 'upi' }, 'intent-happy-1');
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.status, 'pending');
    assert.equal(created.body.amount, sale.totals.total);
    assert.match(created.body.providerRef, /^fx_/);
    assert.equal(created.body.action.type, 'client_checkout');
    const replay = await intent({ saleId: sale.id, plugin: SIGNED_PLUGIN, method: 'upi' }, 'intent-happy-1');
    assert.equal(replay.status, 200);
    assert.equal(replay.body.id, created.body.id);
    assertProblem(await intent({ saleId: sale.id, plugin: SIGNED_PLUGIN, method: 'upi' }, 'intent-happy-2'), 409, 'payment-pending');
    // The vendor was told where to call back.
    assert.equal(gateway.payments.get(created.body.providerRef)!.reference, created.body.id);

    const ref = created.body.providerRef;
    gateway.pay(ref);
    const delivered = await signed({
      id: `evt_paid_${ref}`,
      type: 'payment.succeeded',
      ref,
      receipt: `rcpt_${ref}`,
      amount: sale.totals.total,
      currency: 'INR',
    });
    assert.deepEqual(delivered.body, { received: 1, duplicates: 0 });
    await drainOutbox(app);

    const paid = await app.api.get(`/api/v1/payments/${created.body.id}`, owner());
    assert.equal(paid.body.status, 'succeeded');
    assert.equal(paid.body.providerPaymentId, `rcpt_${ref}`);
    const completed = await app.api.get(`/api/v1/sales/${sale.id}`, owner());
    assert.equal(completed.body.status, 'completed');
    assert.equal(completed.body.balanceDue, 0);
    assert.equal(completed.body.totals.paid, sale.totals.total);
    assert.deepEqual(
      completed.body.payments.map((p: any) => [p.method, p.amount, p.paymentId]),
      [['upi', sale.totals.total, created.body.id]],
    );
    // Gap-free: the awaiting sale took the number after the cash sale, when it completed.
    const next = (invoiceNo: string) => invoiceNo.replace(/\d+$/, (n) => String(Number(n) + 1).padStart(n.length, '0'));
    assert.equal(completed.body.invoiceNo, next(before.body.invoiceNo));
    const inbox = await app.api.get(`/api/v1/webhooks/inbox${listQuery({ filter: { status: 'processed' } })}`, owner());
    assert.match(inbox.body.find((e: any) => e.eventId === `evt_paid_${ref}`).outcome, /sale completed as invoice/);

    const returned = await app.api.post(
      `/api/v1/sales/${sale.id}/returns`,
      { reason: 'Customer changed mind', lines: [{ saleLineId: completed.body.lines[0].id, quantity: 15, restock: true }] },
      owner(),
    );
    assert.equal(returned.status, 201, JSON.stringify(returned.body));
    assert.equal(returned.body.refunds[0].status, 'pending');
    assert.equal(gateway.refunds(ref).count, 0, 'the provider is called from the outbox, after the return commits');
    await drainOutbox(app);
    assert.deepEqual(gateway.refunds(ref), { count: 1, amount: returned.body.totals.total, calls: 1 });
    const credit = await app.api.get(`/api/v1/returns/${returned.body.id}`, owner());
    assert.equal(credit.body.refunds[0].status, 'completed');
    assert.equal(await audits('payment_refund.succeeded', created.body.id), 1);
  });

  it('applies the same event delivered 20 times at once, to two API processes, exactly once', async () => {
    const sale = await awaitingSale(app, chain, storeId, dolo);
    const created = await intent({ saleId: sale.id, plugin: SIGNED_PLUGIN, method: 'card' });
    const ref = created.body.providerRef;
    const event = {
      id: `evt_storm_${ref}`,
      type: 'payment.succeeded' as const,
      ref,
      receipt: 'rcpt_storm',
      amount: sale.totals.total,
      currency: 'INR',
    };
    const { body, headers } = signedWebhook(event);
    const sibling = await startSecondPaymentsProcess(app, gateway);
    let answers;
    try {
      answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => postWebhook(i % 2 ? sibling : app, `${chain.slug}/${SIGNED_PLUGIN}`, body, headers)),
      );
    } finally {
      await sibling.stop();
    }
    assert.ok(answers.every((a) => a.status === 200));
    assert.equal(
      answers.reduce((sum, a) => sum + a.body.received, 0),
      1,
    );
    assert.equal(
      answers.reduce((sum, a) => sum + a.body.duplicates, 0),
      19,
    );
    await Promise.all([drainOutbox(app), drainOutbox(app)]);
    const rows = await app.sql(`select 1 from "${schema}".webhook_inbox where event_id = $1`, [event.id]);
    assert.equal(rows.length, 1);
    assert.equal(await audits('payment.succeeded', created.body.id), 1);
    assert.equal(await audits('sale.completed', sale.id), 1);
    const payments = await app.sql(`select 1 from "${schema}".sale_payment where sale_id = $1`, [sale.id]);
    assert.equal(payments.length, 1);
  });

  it('never changes a settled payment again: a failure after success, a redelivery, a late event', async () => {
    const sale = await awaitingSale(app, chain, storeId, dolo);
    const created = await intent({ saleId: sale.id, plugin: SIGNED_PLUGIN, method: 'upi' });
    const ref = created.body.providerRef;
    await signed({ id: `evt_ok_${ref}`, type: 'payment.succeeded', ref, amount: sale.totals.total, currency: 'INR' });
    await drainOutbox(app);
    // The vendor's failure arrives after its success (delivery order is not guaranteed), then the success again.
    await signed({ id: `evt_fail_${ref}`, type: 'payment.failed', ref, failure: { code: 'late', message: 'late failure' } });
    await signed({ id: `evt_ok_${ref}`, type: 'payment.succeeded', ref, amount: sale.totals.total, currency: 'INR' });
    await drainOutbox(app);
    const payment = await app.api.get(`/api/v1/payments/${created.body.id}`, owner());
    assert.equal(payment.body.status, 'succeeded');
    assert.equal(payment.body.failure, null);
    assert.equal((await app.api.get(`/api/v1/sales/${sale.id}`, owner())).body.status, 'completed');
    const [late] = await app.sql<{ status: string; outcome: string }>(
      `select status, outcome from "${schema}".webhook_inbox where event_id = $1`,
      [`evt_fail_${ref}`],
    );
    assert.equal(late.status, 'processed');
    assert.match(late.outcome, /already succeeded/);
    assert.equal(await audits('payment.failed', created.body.id), 0);
    assert.equal(await audits('payment.succeeded', created.body.id), 1);
  });

  it('keeps a refund event for a refund it does not know yet, changing nothing', async () => {
    const delivered = await signed({ id: 'evt_early_refund', type: 'refund.succeeded', ref: 'fx_nobody', refund_ref: 'rf_not_yet' });
    assert.equal(delivered.status, 200);
    await drainOutbox(app);
    const [row] = await app.sql<{ status: string; attempts: number; last_error: string }>(
      `select status, attempts, last_error from "${schema}".webhook_inbox where event_id = 'evt_early_refund'`,
    );
    assert.equal(row.status, 'received');
    assert.ok(row.attempts >= 1);
    assert.match(row.last_error, /rf_not_yet/);
  });

  it('refuses and flags a success whose amount or payer phone does not match, without settling', async () => {
    const sale = await awaitingSale(app, chain, storeId, dolo);
    const created = await intent({ saleId: sale.id, plugin: SIGNED_PLUGIN, method: 'upi' });
    const ref = created.body.providerRef;
    await signed({ id: `evt_short_${ref}`, type: 'payment.succeeded', ref, amount: 100, currency: 'INR' });
    await drainOutbox(app);
    const short = await app.api.get(`/api/v1/payments/${created.body.id}`, owner());
    assert.equal(short.body.status, 'pending');
    assert.match(short.body.flaggedReason, /100/);
    assert.equal((await app.api.get(`/api/v1/sales/${sale.id}`, owner())).body.status, 'awaiting_payment');
    assert.equal(await audits('payment.flagged', created.body.id), 1);
    const flagged = await app.api.get(`/api/v1/payments${listQuery({ filter: { flagged: true } })}`, owner());
    assert.ok(flagged.body.some((p: any) => p.id === created.body.id));
    assert.equal((await app.api.post(`/api/v1/payments/${created.body.id}/cancel`, undefined, owner())).body.status, 'cancelled');

    const mpesaSale = await awaitingSale(app, chain, storeId, dolo);
    const push = await intent({ saleId: mpesaSale.id, plugin: TOKEN_PLUGIN, method: 'mpesa', phone: '+254712345678' });
    assert.equal(push.status, 201, JSON.stringify(push.body));
    assert.equal(push.body.action.type, 'await_customer');
    assert.doesNotMatch(JSON.stringify(push.body), /712345678/, 'the payer phone is never returned');
    const [{ payer_phone_sealed }] = await app.sql<{ payer_phone_sealed: string }>(
      `select payer_phone_sealed from "${schema}".payment where id = $1`,
      [push.body.id],
    );
    assert.doesNotMatch(payer_phone_sealed, /712345678/, 'the payer phone is encrypted at rest');
    const callback = (id: string, phone: string) =>
      postWebhook(
        app,
        `${chain.slug}/${TOKEN_PLUGIN}/${PATH_TOKEN}`,
        JSON.stringify({
          id,
          type: 'payment.succeeded',
          ref: push.body.providerRef,
          amount: mpesaSale.totals.total,
          currency: 'INR',
          phone,
          receipt: 'NLJ7RT61SV',
          created_at: 1763700000,
        }),
        { 'content-type': 'application/json' },
      );
    await callback('evt_wrong_phone', '254700000001');
    await drainOutbox(app);
    const wrong = await app.api.get(`/api/v1/payments/${push.body.id}`, owner());
    assert.equal(wrong.body.status, 'pending');
    assert.match(wrong.body.flaggedReason, /phone/);
    await callback('evt_right_phone', '254712345678');
    await drainOutbox(app);
    assert.equal((await app.api.get(`/api/v1/payments/${push.body.id}`, owner())).body.status, 'succeeded');
    assert.equal((await app.api.get(`/api/v1/sales/${mpesaSale.id}`, owner())).body.status, 'completed');
  });

  it('leaves a sale whose payment failed awaiting, to be paid in cash or voided (its stock going back)', async () => {
    const sale = await awaitingSale(app, chain, storeId, dolo);
    const created = await intent({ saleId: sale.id, plugin: SIGNED_PLUGIN, method: 'upi' });
    assertProblem(
      await app.api.post(`/api/v1/sales/${sale.id}/payments`, { payments: [{ method: 'cash', amount: sale.totals.total }] }, owner()),
      409,
      'payment-pending',
    );
    assertProblem(await app.api.post(`/api/v1/sales/${sale.id}/void`, { reason: 'walked away' }, owner()), 409, 'payment-pending');
    await signed({
      id: `evt_declined_${created.body.providerRef}`,
      type: 'payment.failed',
      ref: created.body.providerRef,
      failure: { code: 'declined', message: 'Card declined' },
    });
    await drainOutbox(app);
    const failed = await app.api.get(`/api/v1/payments/${created.body.id}`, owner());
    assert.equal(failed.body.status, 'failed');
    assert.deepEqual(failed.body.failure, { code: 'declined', message: 'Card declined' });
    assert.equal((await app.api.get(`/api/v1/sales/${sale.id}`, owner())).body.status, 'awaiting_payment');
    const cash = await app.api.post(
      `/api/v1/sales/${sale.id}/payments`,
      { payments: [{ method: 'cash', amount: sale.totals.total + 500 }] },
      owner(),
    );
    assert.equal(cash.status, 200, JSON.stringify(cash.body));
    assert.equal(cash.body.status, 'completed');
    assert.equal(cash.body.totals.change, 500);
    assert.match(cash.body.invoiceNo, /^S\d+\//);
    assertProblem(await app.api.post(`/api/v1/sales/${sale.id}/void`, { reason: 'too late' }, owner()), 409, 'sale-not-awaiting-payment');

    const stock = async () =>
      Number((await app.sql<{ q: string }>(`select sum(quantity) as q from "${schema}".stock_batch where product_id = $1`, [dolo]))[0].q);
    const onHand = await stock();
    const unpaid = await awaitingSale(app, chain, storeId, dolo, 5);
    assert.equal(await stock(), onHand - 5);
    const voided = await app.api.post(`/api/v1/sales/${unpaid.id}/void`, { reason: 'Customer left' }, owner());
    assert.equal(voided.status, 200, JSON.stringify(voided.body));
    assert.equal(voided.body.status, 'voided');
    assert.equal(voided.body.invoiceNo, null);
    assert.equal(await stock(), onHand);
    assert.equal(await audits('sale.voided', unpaid.id), 1);
    assertProblem(await intent({ saleId: unpaid.id, plugin: SIGNED_PLUGIN, method: 'upi' }), 409, 'sale-not-awaiting-payment');
  });

  it('settles a payment from a status query when its webhook never came', async () => {
    const sale = await awaitingSale(app, chain, storeId, dolo);
    const created = await intent({ saleId: sale.id, plugin: SIGNED_PLUGIN, method: 'upi' });
    const pending = await app.api.post(`/api/v1/payments/${created.body.id}/refresh`, undefined, owner());
    assert.equal(pending.body.status, 'pending');
    gateway.pay(created.body.providerRef);
    const refreshed = await app.api.post(`/api/v1/payments/${created.body.id}/refresh`, undefined, owner());
    assert.equal(refreshed.body.status, 'succeeded');
    assert.equal((await app.api.get(`/api/v1/sales/${sale.id}`, owner())).body.status, 'completed');
    // The webhook arriving afterwards changes nothing.
    await signed({
      id: `evt_after_refresh`,
      type: 'payment.succeeded',
      ref: created.body.providerRef,
      amount: sale.totals.total,
      currency: 'INR',
    });
    await drainOutbox(app);
    assert.equal(await audits('payment.succeeded', created.body.id), 1);
  });

  it('validates intents: unknown sale, plugin not on, method not offered, missing phone for M-Pesa, orders', async () => {
    const sale = await awaitingSale(app, chain, storeId, dolo);
    assertProblem(await intent({ saleId: '00000000-0000-4000-8000-000000000000', plugin: SIGNED_PLUGIN, method: 'upi' }), 404);
    assertProblem(await intent({ saleId: sale.id, plugin: 'tax-india-gst', method: 'upi' }), 422, 'payment-plugin-not-enabled');
    assertProblem(await intent({ saleId: sale.id, plugin: SIGNED_PLUGIN, method: 'netbanking' }), 400);
    assertProblem(await intent({ saleId: sale.id, plugin: TOKEN_PLUGIN, method: 'mpesa' }), 400);
    assertProblem(await intent({ orderId: sale.id, plugin: SIGNED_PLUGIN, method: 'upi' }), 422, 'orders-not-available');
    assertProblem(await intent({ plugin: SIGNED_PLUGIN, method: 'upi' }), 400);
    assertProblem(await app.api.get('/api/v1/payments/not-a-uuid', owner()), 400);
    const auditor = await createUser(app, chain, 'auditor@pay-chain.test', ['auditor']);
    assertProblem(
      await app.api.post(
        '/api/v1/payments/intents',
        { saleId: sale.id, plugin: SIGNED_PLUGIN, method: 'upi' },
        { tenant: chain.slug, token: auditor.token },
      ),
      403,
    );
    assert.equal((await app.api.get('/api/v1/payments', { tenant: chain.slug, token: auditor.token })).status, 200);
  });

  it('lets a cashier, who may not read plugin settings, open an intent without naming the plugin: the enabled one that takes the method', async () => {
    const cashier = await createUser(app, chain, 'cashier@pay-chain.test', ['cashier'], [storeId]);
    const asCashier = { tenant: chain.slug, token: cashier.token };
    assertProblem(await app.api.get('/api/v1/plugins', asCashier), 403);
    const sale = await awaitingSale(app, chain, storeId, dolo, 1, cashier.token);
    const opened = await app.api.post('/api/v1/payments/intents', { saleId: sale.id, method: 'upi' }, asCashier);
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    assert.ok([SIGNED_PLUGIN, TOKEN_PLUGIN].includes(opened.body.plugin), opened.body.plugin);
    assert.equal(opened.body.status, 'pending');
    assertProblem(await intent({ saleId: sale.id, method: 'netbanking' }), 422, 'no-payment-plugin');
  });

  it('refuses an Idempotency-Key reused for another payment', async () => {
    const sale = await awaitingSale(app, chain, storeId, dolo);
    assert.equal((await intent({ saleId: sale.id, plugin: SIGNED_PLUGIN, method: 'upi' }, 'intent-reuse-1')).status, 201);
    assertProblem(
      await intent({ saleId: sale.id, plugin: SIGNED_PLUGIN, method: 'card' }, 'intent-reuse-1'),
      422,
      'idempotency-key-reused',
    );
  });

  it('writes a prescription sale into the register when its payment completes it, and gives the dispensing back on void', async () => {
    const pharmacist = await createUser(app, chain, 'pharmacist@pay-chain.test', ['pharmacist'], [storeId]);
    const cefixime = await createProduct(app, chain, {
      name: 'Taxim-O 200 Tablet',
      ingredients: [{ name: 'Cefixime', strength: '200mg' }],
      schedule: 'H1',
      mrp: 10900,
    });
    await receive(app, chain, storeId, [{ productId: cefixime, batchNo: 'TX-1', expiry: inDays(300), quantity: 50, mrp: 10900 }]);
    const register = async () => (await app.api.get('/api/v1/registers/h1', { tenant: chain.slug, token: pharmacist.token })).body;
    const rxSale = async () => {
      const rx = await approvedPrescription(app, chain, pharmacist.token, { storeId, items: [{ productId: cefixime, quantity: 10 }] });
      const sale = await awaitingSale(app, chain, storeId, cefixime, 10, pharmacist.token, rx.id);
      return { rx, sale };
    };
    const dispensed = async (id: string) => (await app.api.get(`/api/v1/prescriptions/${id}`, owner())).body.dispensed;

    const paid = await rxSale();
    assert.equal(await dispensed(paid.rx.id), 1, 'the dispensing is taken with the stock, when the sale is made');
    assert.equal((await register()).length, 0, 'no register entry before there is an invoice number');
    const created = await intent({ saleId: paid.sale.id, plugin: SIGNED_PLUGIN, method: 'upi' });
    await signed({
      id: `evt_rx_${created.body.providerRef}`,
      type: 'payment.succeeded',
      ref: created.body.providerRef,
      amount: paid.sale.totals.total,
      currency: 'INR',
    });
    await drainOutbox(app);
    const completed = (await app.api.get(`/api/v1/sales/${paid.sale.id}`, owner())).body;
    assert.equal(completed.status, 'completed');
    const entries = await register();
    assert.equal(entries.length, 1);
    assert.equal(entries[0].invoiceNo, completed.invoiceNo);
    assert.equal(entries[0].saleId, paid.sale.id);
    assert.equal(entries[0].pharmacist.id, pharmacist.id);

    const voided = await rxSale();
    assert.equal(await dispensed(voided.rx.id), 1);
    assert.equal((await app.api.post(`/api/v1/sales/${voided.sale.id}/void`, { reason: 'Customer left' }, owner())).status, 200);
    assert.equal(await dispensed(voided.rx.id), 0, 'the patient can still buy on this prescription');
    assert.equal((await register()).length, 1);
  });

  it('tells vendors where to call back', async () => {
    const sale = await awaitingSale(app, chain, storeId, dolo);
    const created = await intent({ saleId: sale.id, plugin: TOKEN_PLUGIN, method: 'mpesa', phone: '0712345678' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const atVendor = gateway.payments.get(created.body.providerRef)!;
    assert.equal(atVendor.callbackUrl, `${PUBLIC_URL}/api/v1/webhooks/${chain.slug}/${TOKEN_PLUGIN}/${PATH_TOKEN}`);
    assert.equal(atVendor.phone, '0712345678');
  });
});
