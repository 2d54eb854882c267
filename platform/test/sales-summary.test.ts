import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem, createStore, createUser, provisionTenant, type TestTenant } from './support/fixtures.js';
import { inDays } from './support/inventory-fixtures.js';
import { enableIndiaGst, goldenIndianProducts } from './support/sales-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe("Sales summary: the dashboard's charts", () => {
  let app: TestApp;
  let india: TestTenant;
  let other: TestTenant;
  let mumbai: string;
  let pune: string;
  let manager: { id: string; token: string };
  let cashier: { id: string; token: string };

  const as = (tenant: TestTenant, token: string) => ({ tenant: tenant.slug, token });
  const sell = async (tenant: TestTenant, storeId: string, lines: unknown[], payments: unknown[]) => {
    const res = await app.api.post('/api/v1/sales', { storeId, lines, payments }, as(tenant, tenant.ownerToken));
    assert.equal(res.status, 201, JSON.stringify(res.body));
  };

  before(async () => {
    app = await startTestApp();
    india = await provisionTenant(app, 'summary-india');
    other = await provisionTenant(app, 'summary-other');
    mumbai = await createStore(app, india, 'MUM-1');
    pune = await createStore(app, india, 'PUN-1');
    await enableIndiaGst(app, india);
    await enableIndiaGst(app, other);
    manager = await createUser(app, india, 'manager@summary.test', ['store_manager'], [mumbai]);
    cashier = await createUser(app, india, 'cashier@summary.test', ['cashier'], [mumbai]);
    const { dolo, insulin } = await goldenIndianProducts(app, india, mumbai);
    // Mumbai: a Dolo strip ₹34.00 for ₹50.00 cash (₹16.00 change), then insulin ₹150.00 by UPI.
    await sell(india, mumbai, [{ productId: dolo, quantity: 15 }], [{ method: 'cash', amount: 5000 }]);
    await sell(india, mumbai, [{ productId: insulin, quantity: 1 }], [{ method: 'upi', amount: 15000, reference: 'UPI-1' }]);
    // Another chain sells the same golden products: none of it may show in the first chain's charts.
    const otherStore = await createStore(app, other, 'MUM-1');
    const theirs = await goldenIndianProducts(app, other, otherStore);
    await sell(other, otherStore, [{ productId: theirs.insulin, quantity: 2 }], [{ method: 'card', amount: 30000 }]);
  });
  after(() => app?.close());

  it('gives every day of the last 14, today with its sales, by payment method net of change, and the top products', async () => {
    const res = await app.api.get(`/api/v1/reports/sales-summary?storeId=${mumbai}`, as(india, manager.token));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const summary = res.body;
    assert.deepEqual([summary.from, summary.to, summary.currency], [inDays(-13), inDays(0), 'INR']);
    assert.equal(summary.byDay.length, 14);
    assert.deepEqual(summary.byDay[13], { date: inDays(0), sales: 2, total: 18400 });
    assert.ok(
      summary.byDay.slice(0, 13).every((d: any) => d.sales === 0 && d.total === 0),
      'days without sales are zero, not missing',
    );
    assert.deepEqual([summary.sales, summary.total], [2, 18400]);
    assert.deepEqual(summary.byPaymentMethod, [
      { method: 'cash', payments: 1, net: 3400 },
      { method: 'upi', payments: 1, net: 15000 },
    ]);
    assert.deepEqual(
      summary.topProducts.map((p: any) => [p.name, p.quantity, p.amount]),
      [
        ['Human Insulin Vial', 1, 15000],
        ['Dolo 650 Tablet', 15, 3400],
      ],
    );
  });

  it("keeps each chain to its own sales, and a store's people to their stores", async () => {
    const theirs = await app.api.get('/api/v1/reports/sales-summary', as(other, other.ownerToken));
    assert.equal(theirs.status, 200, JSON.stringify(theirs.body));
    assert.deepEqual([theirs.body.sales, theirs.body.total, theirs.body.byPaymentMethod.map((m: any) => m.method)], [1, 30000, ['card']]);
    const chain = await app.api.get('/api/v1/reports/sales-summary', as(india, india.ownerToken));
    assert.deepEqual([chain.body.sales, chain.body.total], [2, 18400], "the other chain's card sale is not in this chain's total");
    assertProblem(await app.api.get('/api/v1/reports/sales-summary', as(other, india.ownerToken)), 401);
    const foreignStore = await app.api.get(`/api/v1/reports/sales-summary?storeId=${mumbai}`, as(other, other.ownerToken));
    assert.deepEqual([foreignStore.body.sales, foreignStore.body.total], [0, 0], "another chain's store id finds nothing");

    const puneDays = await app.api.get(`/api/v1/reports/sales-summary?storeId=${pune}&from=${inDays(-29)}`, as(india, india.ownerToken));
    assert.deepEqual([puneDays.body.byDay.length, puneDays.body.total], [14, 0], 'from alone gives 14 days from it');
    assertProblem(await app.api.get(`/api/v1/reports/sales-summary?storeId=${pune}`, as(india, manager.token)), 403);
    assertProblem(await app.api.get('/api/v1/reports/sales-summary', as(india, manager.token)), 400);
    assertProblem(await app.api.get(`/api/v1/reports/sales-summary?storeId=${mumbai}`, as(india, cashier.token)), 403);
  });

  it('takes a range of up to 92 days and refuses bad ones with a field error', async () => {
    const owner = as(india, india.ownerToken);
    const month = await app.api.get(`/api/v1/reports/sales-summary?from=${inDays(-29)}&to=${inDays(0)}`, owner);
    assert.deepEqual([month.body.byDay.length, month.body.byDay[29].total], [30, 18400]);
    const quarter = await app.api.get(`/api/v1/reports/sales-summary?from=${inDays(-91)}&to=${inDays(0)}`, owner);
    assert.equal(quarter.body.byDay.length, 92);
    assertProblem(await app.api.get(`/api/v1/reports/sales-summary?from=${inDays(-92)}&to=${inDays(0)}`, owner), 400);
    assertProblem(await app.api.get(`/api/v1/reports/sales-summary?from=${inDays(0)}&to=${inDays(-1)}`, owner), 400);
    assertProblem(await app.api.get('/api/v1/reports/sales-summary?from=2026-02-30', owner), 400);
    assertProblem(await app.api.get('/api/v1/reports/sales-summary?storeId=nope', owner), 400);
    const last30 = await app.api.get('/api/v1/reports/sales-summary?days=30', owner);
    assert.deepEqual(
      [last30.body.from, last30.body.to, last30.body.byDay.length],
      [inDays(-29), inDays(0), 30],
      "the chain's last 30 days",
    );
    assertProblem(await app.api.get('/api/v1/reports/sales-summary?days=93', owner), 400);
    assertProblem(await app.api.get('/api/v1/reports/sales-summary?days=two', owner), 400);
    assertProblem(await app.api.get(`/api/v1/reports/sales-summary?days=7&from=${inDays(-7)}&to=${inDays(0)}`, owner), 400);
    assertProblem(await app.api.get('/api/v1/reports/sales-summary?weeks=2', owner), 400);
  });
});
