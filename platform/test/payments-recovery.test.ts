import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { systemScope } from '../src/common/tenant-scope.js';
import { PaymentEventsService } from '../src/payments/payment-events.service.js';
import { PaymentRefundHandler } from '../src/payments/payment-refund.handler.js';
import { PaymentWebhookHandler } from '../src/payments/payment-webhook.handler.js';
import { TenantRegistry } from '../src/tenancy/tenant-registry.service.js';
import { MikroORM } from '@mikro-orm/postgresql';
import { assertProblem, provisionTenant, schemaOf, type TestTenant } from './support/index.js';
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
  TOKEN_PLUGIN,
} from './support/payment-fixtures.js';
import type { TestApp } from './support/test-app.js';

describe('gateway payments: crashes, refunds, reconciliation and isolation', () => {
  let app: TestApp;
  let gateway: PaymentFakeGateway;
  let alpha: TestTenant;
  let beta: TestTenant;
  let alphaCounter: Awaited<ReturnType<typeof paymentCounter>>;
  let betaCounter: Awaited<ReturnType<typeof paymentCounter>>;
  const as = (t: TestTenant) => ({ tenant: t.slug, token: t.ownerToken });
  const audits = async (t: TestTenant, action: string, entityId: string) =>
    Number(
      (
        await app.sql<{ n: string }>(
          `select count(*) as n from "${await schemaOf(app, t.slug)}".audit_log where action = $1 and entity_id = $2`,
          [action, entityId],
        )
      )[0].n,
    );
  const paidSale = async (t: TestTenant, counter: typeof alphaCounter) => {
    const sale = await awaitingSale(app, t, counter.storeId, counter.dolo);
    const intent = await app.api.post('/api/v1/payments/intents', { saleId: sale.id, plugin: SIGNED_PLUGIN, method: 'upi' }, as(t));
    assert.equal(intent.status, 201, JSON.stringify(intent.body));
    return { sale, payment: intent.body };
  };
  const succeed = (t: TestTenant, ref: string, amount: number, id = `evt_ok_${ref}`) => {
    const { body, headers } = signedWebhook({ id, type: 'payment.succeeded', ref, amount, currency: 'INR', receipt: `rcpt_${ref}` });
    return postWebhook(app, `${t.slug}/${SIGNED_PLUGIN}`, body, headers);
  };
  /** Runs a handler the way the outbox would, for the inbox row of `eventId`. */
  const scopeOf = async (t: TestTenant) => {
    const tenant = (await app.platform.app.get(TenantRegistry).bySlug(t.slug))!;
    return systemScope(tenant, app.platform.app.get(MikroORM).em.fork({ schema: tenant.schemaName }), 'outbox');
  };
  const inboxMessage = async (t: TestTenant, eventId: string) => {
    const [row] = await app.sql<{ id: string; plugin: string; event: any }>(
      `select id, plugin, event from "${await schemaOf(app, t.slug)}".webhook_inbox where event_id = $1`,
      [eventId],
    );
    return {
      id: row.id,
      topic: 'webhook.payment',
      attempts: 1,
      createdAt: new Date(),
      payload: { inboxId: row.id, plugin: row.plugin, event: row.event },
    };
  };

  before(async () => {
    ({ app, gateway } = await startPaymentsApp());
    alpha = await provisionTenant(app, 'rec-alpha');
    beta = await provisionTenant(app, 'rec-beta');
    await enableGateways(app, alpha);
    await enableGateways(app, beta);
    alphaCounter = await paymentCounter(app, alpha, 'RA1');
    betaCounter = await paymentCounter(app, beta, 'RB1');
  });
  after(async () => {
    await app?.close();
    await gateway?.stop();
  });

  it('retries a handler that crashed, and a redelivered event changes nothing twice', async () => {
    const { sale, payment } = await paidSale(alpha, alphaCounter);
    const events = app.platform.app.get(PaymentEventsService);
    const apply = events.apply.bind(events);
    let crashing = true;
    events.apply = async (...args) => {
      const result = await apply(...args);
      // The work is done inside the handler's transaction; crashing here rolls all of it back.
      if (crashing) throw new Error('simulated crash');
      return result;
    };
    try {
      await succeed(alpha, payment.providerRef, sale.totals.total);
      await drainOutbox(app);
      const [row] = await app.sql<{ status: string; last_error: string }>(
        `select status, last_error from "${await schemaOf(app, alpha.slug)}".webhook_inbox where event_id = $1`,
        [`evt_ok_${payment.providerRef}`],
      );
      assert.equal(row.status, 'received');
      assert.match(row.last_error, /simulated crash/);
      assert.equal((await app.api.get(`/api/v1/payments/${payment.id}`, as(alpha))).body.status, 'pending');

      crashing = false;
      await drainOutbox(app, { ignoreBackoff: true }); // the outbox's retry
      // Delivered again, as after a crash between the work and the ack.
      await app.platform.app
        .get(PaymentWebhookHandler)
        .handle(await inboxMessage(alpha, `evt_ok_${payment.providerRef}`), await scopeOf(alpha));
    } finally {
      events.apply = apply;
    }
    assert.equal((await app.api.get(`/api/v1/payments/${payment.id}`, as(alpha))).body.status, 'succeeded');
    assert.equal(await audits(alpha, 'payment.succeeded', payment.id), 1);
    assert.equal(await audits(alpha, 'sale.completed', sale.id), 1);
  });

  it('refunds once at the provider however often the refund handler runs', async () => {
    const { sale, payment } = await paidSale(alpha, alphaCounter);
    await succeed(alpha, payment.providerRef, sale.totals.total);
    await drainOutbox(app);
    const completed = (await app.api.get(`/api/v1/sales/${sale.id}`, as(alpha))).body;
    const line = completed.lines[0];
    const returned = await app.api.post(
      `/api/v1/sales/${sale.id}/returns`,
      { reason: 'Wrong strength', lines: [{ saleLineId: line.id, quantity: 5, restock: true }] },
      as(alpha),
    );
    assert.equal(returned.status, 201, JSON.stringify(returned.body));
    const [{ id: refundId }] = await app.sql<{ id: string }>(
      `select id from "${await schemaOf(app, alpha.slug)}".payment_refund where sale_refund_id = $1`,
      [returned.body.refunds[0].id],
    );
    const handler = app.platform.app.get(PaymentRefundHandler);
    const message = { id: refundId, topic: 'payment.refund', attempts: 1, createdAt: new Date(), payload: { refundId } };
    const [firstScope, secondScope] = [await scopeOf(alpha), await scopeOf(alpha)];
    await Promise.all([handler.handle(message, firstScope), handler.handle(message, secondScope), drainOutbox(app)]);
    await handler.handle(message, await scopeOf(alpha));
    const atProvider = gateway.refunds(payment.providerRef);
    assert.equal(atProvider.count, 1);
    assert.equal(atProvider.amount, returned.body.totals.total);
    assert.equal((await app.api.get(`/api/v1/returns/${returned.body.id}`, as(alpha))).body.refunds[0].status, 'completed');
    assert.equal(await audits(alpha, 'payment_refund.succeeded', payment.id), 1);
  });

  it('keeps an asynchronous refund pending until the provider reports it', async () => {
    const sale = await awaitingSale(app, alpha, alphaCounter.storeId, alphaCounter.dolo);
    const push = await app.api.post(
      '/api/v1/payments/intents',
      { saleId: sale.id, plugin: TOKEN_PLUGIN, method: 'mpesa', phone: '+254712345678' },
      as(alpha),
    );
    const callback = (event: Record<string, unknown>) =>
      postWebhook(app, `${alpha.slug}/${TOKEN_PLUGIN}/${PATH_TOKEN}`, JSON.stringify({ created_at: 1763700000, ...event }), {
        'content-type': 'application/json',
      });
    await callback({
      id: 'evt_mpesa_paid',
      type: 'payment.succeeded',
      ref: push.body.providerRef,
      amount: sale.totals.total,
      currency: 'INR',
      phone: '254712345678',
      receipt: 'QK12345',
    });
    await drainOutbox(app);
    const completed = (await app.api.get(`/api/v1/sales/${sale.id}`, as(alpha))).body;
    assert.equal(completed.status, 'completed');
    const returned = await app.api.post(
      `/api/v1/sales/${sale.id}/returns`,
      { reason: 'Allergy', lines: [{ saleLineId: completed.lines[0].id, quantity: 15, restock: false }] },
      as(alpha),
    );
    await drainOutbox(app);
    const pending = (await app.api.get(`/api/v1/returns/${returned.body.id}`, as(alpha))).body;
    assert.equal(pending.refunds[0].status, 'pending');
    const [refund] = await app.sql<{ id: string; refund_ref: string; status: string }>(
      `select id, refund_ref, status from "${await schemaOf(app, alpha.slug)}".payment_refund where sale_refund_id = $1`,
      [pending.refunds[0].id],
    );
    assert.equal(refund.status, 'pending');
    assert.equal(refund.refund_ref, `rf_${refund.id}`);
    // Paid back to the phone that paid, with the result reported to the tenant's callback URL.
    const atProvider = gateway.payments.get(push.body.providerRef)!.refunds.get(refund.id)!;
    assert.equal(atProvider.phone, '+254712345678');
    assert.equal(atProvider.callbackUrl, `${PUBLIC_URL}/api/v1/webhooks/${alpha.slug}/${TOKEN_PLUGIN}/${PATH_TOKEN}`);
    await callback({ id: 'evt_mpesa_reversed', type: 'refund.succeeded', ref: push.body.providerRef, refund_ref: refund.refund_ref });
    await drainOutbox(app);
    assert.equal((await app.api.get(`/api/v1/returns/${returned.body.id}`, as(alpha))).body.refunds[0].status, 'completed');
  });

  it('lets a webhook addressed to one chain change nothing of another chain', async () => {
    const { sale, payment } = await paidSale(beta, betaCounter);
    // Alpha's endpoint, signed with the (shared test) secret, naming beta's payment by reference and id.
    const { body, headers } = signedWebhook({
      id: 'evt_cross_tenant',
      type: 'payment.succeeded',
      ref: payment.providerRef,
      payment_id: payment.id,
      amount: sale.totals.total,
      currency: 'INR',
    });
    assert.equal((await postWebhook(app, `${alpha.slug}/${SIGNED_PLUGIN}`, body, headers)).status, 200);
    await drainOutbox(app);
    assert.equal((await app.api.get(`/api/v1/payments/${payment.id}`, as(beta))).body.status, 'pending');
    assert.equal((await app.api.get(`/api/v1/sales/${sale.id}`, as(beta))).body.status, 'awaiting_payment');
    assert.equal((await app.api.get('/api/v1/webhooks/inbox', as(beta))).body.length, 0);

    // Alpha's staff cannot see or touch beta's payment or sale through any payment endpoint.
    assertProblem(await app.api.get(`/api/v1/payments/${payment.id}`, as(alpha)), 404);
    assertProblem(await app.api.post(`/api/v1/payments/${payment.id}/refresh`, undefined, as(alpha)), 404);
    assertProblem(await app.api.post(`/api/v1/payments/${payment.id}/cancel`, undefined, as(alpha)), 404);
    assertProblem(
      await app.api.post('/api/v1/payments/intents', { saleId: sale.id, plugin: SIGNED_PLUGIN, method: 'upi' }, as(alpha)),
      404,
    );
    assertProblem(await app.api.post(`/api/v1/sales/${sale.id}/void`, { reason: 'not yours' }, as(alpha)), 404);
    assertProblem(await app.api.post(`/api/v1/sales/${sale.id}/payments`, { payments: [{ method: 'cash', amount: 1 }] }, as(alpha)), 404);
    assert.ok(!(await app.api.get('/api/v1/payments', as(alpha))).body.some((p: any) => p.id === payment.id));
    assertProblem(await app.api.get(`/api/v1/payments/${payment.id}`, { tenant: beta.slug, token: alpha.ownerToken }), 401);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const report = await app.api.get(`/api/v1/reports/reconciliation?from=${day(-1)}&to=${day(2)}`, as(alpha));
    assert.ok(!JSON.stringify(report.body).includes(payment.id));
  });

  it('finds what does not reconcile: paid but not completed, refunded outside Dawa, a short drawer', async () => {
    const chain = await provisionTenant(app, 'rec-gamma');
    await enableGateways(app, chain);
    const counter = await paymentCounter(app, chain, 'RG1');
    const clean = await paidSale(chain, counter);
    gateway.pay(clean.payment.providerRef);
    await succeed(chain, clean.payment.providerRef, clean.sale.totals.total);
    const unseen = await paidSale(chain, counter);
    gateway.pay(unseen.payment.providerRef); // the customer paid, the webhook never arrived
    await drainOutbox(app);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const url = `/api/v1/reports/reconciliation?from=${day(-1)}&to=${day(2)}`;

    const first = await app.api.get(url, as(chain));
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.deepEqual(
      first.body.mismatches.map((m: any) => [m.kind, m.paymentId]),
      [['paid-sale-not-completed', unseen.payment.id]],
    );
    assert.match(first.body.mismatches[0].reason, /collected INR .* complete the sale or refund/);
    const fixture = first.body.plugins.find((p: any) => p.plugin === SIGNED_PLUGIN);
    assert.equal(fixture.payments, 2);
    assert.equal(fixture.paidInDawa, clean.sale.totals.total);

    gateway.refundOutside(clean.payment.providerRef, 500);
    const drawer = await app.api.post('/api/v1/cash-sessions', { storeId: counter.storeId, openingFloat: 10000 }, as(chain));
    await app.api.post(`/api/v1/cash-sessions/${drawer.body.id}/close`, { countedCash: 9000 }, as(chain));
    const second = await app.api.get(`${url}&storeId=${counter.storeId}`, as(chain));
    const kinds = second.body.mismatches.map((m: any) => m.kind).sort();
    assert.deepEqual(kinds, ['drawer-short', 'paid-sale-not-completed', 'refunded-at-provider-not-in-dawa']);
    assert.match(second.body.mismatches.find((m: any) => m.kind === 'drawer-short').reason, /INR 10\.00 short/);
    assert.deepEqual(second.body.cashSessions, { closed: 1, over: 0, short: 1 });

    assertProblem(await app.api.get('/api/v1/reports/reconciliation?from=2026-01-01', as(chain)), 400);
    assertProblem(await app.api.get(`/api/v1/reports/reconciliation?from=${day(1)}&to=${day(0)}`, as(chain)), 400);
  });
});
