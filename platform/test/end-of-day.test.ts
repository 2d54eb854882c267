import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { abilityFor } from '../src/access/ability.factory.js';
import { asSubject, type Action } from '../src/access/ability.js';
import { ROLES, type RoleName } from '../src/access/roles.js';
import { listQuery } from './support/api-client.js';
import { assertProblem, createStore, createUser, provisionTenant, type TestTenant } from './support/fixtures.js';
import { inDays, receive } from './support/inventory-fixtures.js';
import { enableIndiaGst, goldenIndianProducts } from './support/sales-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('End of day: cash drawer and daily sales', () => {
  let app: TestApp;
  let india: TestTenant;
  let mumbai: string;
  let pune: string;
  let dolo: string;
  let insulin: string;
  let strip: string;
  let cashier: { id: string; token: string };
  let puneCashier: { id: string; token: string };
  let manager: { id: string; token: string };
  let auditor: { id: string; token: string };
  let session: any;
  const sales: any[] = [];

  const as = (token: string) => ({ tenant: india.slug, token });
  const sell = async (storeId: string, token: string, lines: unknown[], payments: unknown[]) => {
    const res = await app.api.post('/api/v1/sales', { storeId, lines, payments }, as(token));
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };

  before(async () => {
    app = await startTestApp();
    india = await provisionTenant(app, 'eod-india');
    mumbai = await createStore(app, india, 'MUM-1');
    pune = await createStore(app, india, 'PUN-1');
    await enableIndiaGst(app, india);
    cashier = await createUser(app, india, 'cashier@eod.test', ['cashier'], [mumbai]);
    puneCashier = await createUser(app, india, 'cashier.pune@eod.test', ['cashier'], [pune]);
    manager = await createUser(app, india, 'manager@eod.test', ['store_manager'], [mumbai]);
    auditor = await createUser(app, india, 'auditor@eod.test', ['auditor']);
    ({ dolo, insulin, strip } = await goldenIndianProducts(app, india, mumbai));
    await receive(app, india, pune, [{ productId: dolo, batchNo: 'DL-P', expiry: inDays(300), quantity: 45, mrp: 3400 }]);
    // Before any drawer is open, at another store: in the chain's day, in neither Mumbai's report nor its drawer.
    await sell(pune, puneCashier.token, [{ productId: dolo, quantity: 15 }], [{ method: 'cash', amount: 3400 }]);
  });
  after(() => app?.close());

  it('opens one drawer per store, refusing a second, another store and bad input', async () => {
    const opened = await app.api.post('/api/v1/cash-sessions', { storeId: mumbai, openingFloat: 200000 }, as(cashier.token));
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    session = opened.body;
    assert.equal(session.status, 'open');
    assert.equal(session.openingFloat, 200000);
    assertProblem(
      await app.api.post('/api/v1/cash-sessions', { storeId: mumbai, openingFloat: 100 }, as(manager.token)),
      409,
      'cash-session-open',
    );
    assertProblem(await app.api.post('/api/v1/cash-sessions', { storeId: pune, openingFloat: 100 }, as(cashier.token)), 403);
    assertProblem(await app.api.post('/api/v1/cash-sessions', { storeId: pune, openingFloat: 100 }, as(auditor.token)), 403);
    assertProblem(await app.api.post('/api/v1/cash-sessions', { storeId: mumbai, openingFloat: -1 }, as(cashier.token)), 400);
    assertProblem(await app.api.post('/api/v1/cash-sessions', { storeId: mumbai, openingFloat: 10.5 }, as(cashier.token)), 400);
    assertProblem(await app.api.post('/api/v1/cash-sessions', { openingFloat: 100 }, as(cashier.token)), 400);
    assertProblem(await app.api.post('/api/v1/cash-sessions', { storeId: mumbai, openingFloat: 1, extra: 1 }, as(cashier.token)), 400);
  });

  it('closes the drawer with expected cash = float + cash taken − change given, and the exact over/short', async () => {
    // S1: Dolo strip ₹34.00, cash ₹50.00 → change ₹16.00.
    sales.push(await sell(mumbai, cashier.token, [{ productId: dolo, quantity: 15 }], [{ method: 'cash', amount: 5000 }]));
    // S2: Dolo ₹34.00 + insulin ₹150.00 (nil) + 7 Cetirizine ₹24.85 = ₹208.85 → ₹209.00; UPI ₹100 + cash ₹200 → change ₹91.00.
    sales.push(
      await sell(
        mumbai,
        cashier.token,
        [
          { productId: dolo, quantity: 15 },
          { productId: insulin, quantity: 1 },
          { productId: strip, quantity: 7 },
        ],
        [
          { method: 'upi', amount: 10000, reference: 'UPI-1' },
          { method: 'cash', amount: 20000 },
        ],
      ),
    );
    // S3: 2 Dolo strips ₹68.00 less 10 % = ₹61.20 → ₹61.00 by card.
    const s3 = await app.api.post(
      '/api/v1/sales',
      { storeId: mumbai, lines: [{ productId: dolo, quantity: 30, discountPct: 10 }], payments: [{ method: 'card', amount: 6100 }] },
      as(manager.token),
    );
    assert.equal(s3.status, 201, JSON.stringify(s3.body));
    sales.push(s3.body);
    assert.deepEqual(
      sales.map((s) => [s.totals.total, s.totals.change]),
      [
        [3400, 1600],
        [20900, 9100],
        [6100, 0],
      ],
    );

    assertProblem(await app.api.post(`/api/v1/cash-sessions/${session.id}/close`, { countedCash: 1 }, as(puneCashier.token)), 404);
    assertProblem(await app.api.post(`/api/v1/cash-sessions/${session.id}/close`, { countedCash: 'lots' }, as(cashier.token)), 400);
    assertProblem(await app.api.post(`/api/v1/cash-sessions/${session.id}/close`, {}, as(cashier.token)), 400);
    assertProblem(await app.api.post('/api/v1/cash-sessions/nope/close', { countedCash: 1 }, as(cashier.token)), 400);

    const closed = await app.api.post(
      `/api/v1/cash-sessions/${session.id}/close`,
      { countedCash: 214000, note: 'Three rupees short' },
      as(cashier.token),
    );
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    // ₹2000.00 float + ₹50 + ₹200 cash − ₹16 − ₹91 change = ₹2143.00 expected; ₹2140.00 counted → ₹3.00 short.
    assert.deepEqual(
      {
        status: closed.body.status,
        salesCount: closed.body.salesCount,
        cashReceived: closed.body.cashReceived,
        changeGiven: closed.body.changeGiven,
        expectedCash: closed.body.expectedCash,
        countedCash: closed.body.countedCash,
        difference: closed.body.difference,
        note: closed.body.note,
      },
      {
        status: 'closed',
        salesCount: 3,
        cashReceived: 25000,
        changeGiven: 10700,
        expectedCash: 214300,
        countedCash: 214000,
        difference: -300,
        note: 'Three rupees short',
      },
    );
    assertProblem(
      await app.api.post(`/api/v1/cash-sessions/${session.id}/close`, { countedCash: 214300 }, as(cashier.token)),
      409,
      'cash-session-closed',
    );

    // A sale after the close belongs to the next drawer: a new session opens, and one rupee over is +100.
    const next = await app.api.post('/api/v1/cash-sessions', { storeId: mumbai, openingFloat: 50000 }, as(cashier.token));
    assert.equal(next.status, 201);
    const closedNext = await app.api.post(`/api/v1/cash-sessions/${next.body.id}/close`, { countedCash: 50100 }, as(manager.token));
    assert.deepEqual([closedNext.body.salesCount, closedNext.body.expectedCash, closedNext.body.difference], [0, 50000, 100]);
  });

  it('lists sessions in the list dialect, scoped to the stores a person works in', async () => {
    const pun = await app.api.post('/api/v1/cash-sessions', { storeId: pune, openingFloat: 1000 }, as(india.ownerToken));
    assert.equal(pun.status, 201);
    const mine = await app.api.get(`/api/v1/cash-sessions${listQuery({ range: [0, 9] })}`, as(cashier.token));
    assert.equal(mine.status, 200);
    assert.equal(mine.headers.get('content-range'), 'cash-sessions 0-1/2');
    assert.ok(mine.body.every((s: any) => s.storeId === mumbai));
    assert.equal(mine.body[1].id, session.id, 'newest first');
    const all = await app.api.get(`/api/v1/cash-sessions${listQuery({ filter: { status: 'open' } })}`, as(auditor.token));
    assert.deepEqual(
      all.body.map((s: any) => s.storeId),
      [pune],
    );
    assertProblem(await app.api.get(`/api/v1/cash-sessions/${pun.body.id}`, as(cashier.token)), 404);
    assertProblem(await app.api.get(`/api/v1/cash-sessions${listQuery({ filter: { shop: 1 } })}`, as(cashier.token)), 400);
    assertProblem(await app.api.post(`/api/v1/cash-sessions/${pun.body.id}/close`, { countedCash: 1000 }, as(auditor.token)), 403);
  });

  it("reports the store's day: totals, payment methods, tax by rate from the stored quotes, returns, top products", async () => {
    // The customer brings the insulin back: a nil-rated ₹150.00 line, refunded in full.
    const withInsulin = sales.find((s) => s.lines.some((l: any) => l.productName === 'Human Insulin Vial'))!;
    const insulinLine = withInsulin.lines.find((l: any) => l.productName === 'Human Insulin Vial');
    const returned = await app.api.post(
      `/api/v1/sales/${withInsulin.id}/returns`,
      { lines: [{ saleLineId: insulinLine.id, quantity: 1, restock: true }], reason: 'not needed' },
      as(manager.token),
    );
    assert.equal(returned.status, 201, JSON.stringify(returned.body));
    const res = await app.api.get(`/api/v1/reports/daily-sales?storeId=${mumbai}`, as(manager.token));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const day = res.body;
    assert.equal(day.date, inDays(0));
    assert.equal(day.sales, 3);
    // Line gross 34.00 + 208.85 + 68.00 = 310.85; discount 6.80; taxable 32.38 + 206.05 + 58.29 = 296.72;
    // tax 1.62 + 2.80 + 2.91 = 7.33 (296.72 + 7.33 = 304.05 = 310.85 − 6.80); round-off 0 + 0.15 − 0.20; total 304.00.
    assert.deepEqual(day.totals, {
      gross: 31085,
      discount: 680,
      taxable: 29672,
      tax: 733,
      roundOff: -5,
      total: 30400,
      changeGiven: 10700,
    });
    assert.deepEqual(day.byPaymentMethod, [
      { method: 'card', payments: 1, tendered: 6100, change: 0, net: 6100 },
      { method: 'cash', payments: 2, tendered: 25000, change: 10700, net: 14300 },
      { method: 'upi', payments: 1, tendered: 10000, change: 0, net: 10000 },
    ]);
    // Nil: insulin ₹150. 5 %: Dolo 32.38 × 2 + Cetirizine 23.67 + discounted Dolo 58.29 = 146.72, tax 7.33.
    assert.deepEqual(
      day.byTaxRate.map((r: any) => [r.rate, r.treatment, r.sales, r.taxable, r.tax]),
      [
        [0, 'nil_rated', 1, 15000, 0],
        [500, 'taxable', 3, 14672, 733],
      ],
    );
    const fivePct = day.byTaxRate[1].components;
    assert.deepEqual(
      fivePct.map((c: any) => [c.code, c.rate]),
      [
        ['CGST', 250],
        ['SGST', 250],
      ],
    );
    assert.equal(fivePct[0].amount + fivePct[1].amount, 733);
    const fromSales = (code: string) =>
      sales.flatMap((s) => s.lines.flatMap((l: any) => l.components.filter((c: any) => c.code === code))).reduce((a, c) => a + c.amount, 0);
    assert.deepEqual([fivePct[0].amount, fivePct[1].amount], [fromSales('CGST'), fromSales('SGST')]);
    assert.deepEqual([day.returns.count, day.returns.total, day.returns.tax], [1, 15000, 0]);
    assert.equal(
      day.returns.refunds.reduce((sum: number, f: any) => sum + f.amount, 0),
      15000,
      'the refunds add up to the credit note',
    );
    assert.equal(day.netTotal, 30400 - 15000);
    assert.deepEqual(
      day.topProducts.map((p: any) => [p.name, p.sales, p.quantity, p.amount]),
      [
        ['Human Insulin Vial', 1, 1, 15000],
        ['Dolo 650 Tablet', 3, 60, 3400 + 3400 + 6120],
        ['Cetirizine 10 Tablet', 1, 7, 2485],
      ],
    );

    const chain = await app.api.get('/api/v1/reports/daily-sales', as(india.ownerToken));
    assert.deepEqual([chain.body.sales, chain.body.totals.total], [4, 33800], 'the whole chain includes the Pune sale');
    const yesterday = await app.api.get(`/api/v1/reports/daily-sales?storeId=${mumbai}&date=${inDays(-1)}`, as(auditor.token));
    assert.deepEqual([yesterday.body.sales, yesterday.body.totals.total, yesterday.body.byPaymentMethod], [0, 0, []]);

    assertProblem(await app.api.get(`/api/v1/reports/daily-sales?storeId=${pune}`, as(manager.token)), 403);
    assertProblem(await app.api.get(`/api/v1/reports/daily-sales?storeId=${mumbai}`, as(cashier.token)), 403);
    assertProblem(await app.api.get('/api/v1/reports/daily-sales', as(manager.token)), 400);
    assertProblem(await app.api.get(`/api/v1/reports/daily-sales?storeId=${mumbai}&date=2026-02-30`, as(manager.token)), 400);
    assertProblem(await app.api.get(`/api/v1/reports/daily-sales?storeId=nope`, as(manager.token)), 400);
  });

  it('pays cash refunds out of the drawer: they lower the expected cash', async () => {
    const [open] = (await app.api.get(`/api/v1/cash-sessions${listQuery({ filter: { status: 'open' } })}`, as(auditor.token))).body;
    assert.equal(open.storeId, pune);
    const sale = await sell(pune, puneCashier.token, [{ productId: dolo, quantity: 15 }], [{ method: 'cash', amount: 3400 }]);
    const refund = await app.api.post(
      `/api/v1/sales/${sale.id}/returns`,
      { lines: [{ saleLineId: sale.lines[0].id, quantity: 15, restock: true }], reason: 'wrong strength' },
      as(puneCashier.token),
    );
    assert.equal(refund.status, 201, JSON.stringify(refund.body));
    // Float ₹10.00 + ₹34.00 taken − ₹34.00 handed back = ₹10.00 expected; counting ₹10.00 is neither over nor short.
    const closed = await app.api.post(`/api/v1/cash-sessions/${open.id}/close`, { countedCash: 1000 }, as(india.ownerToken));
    assert.equal(closed.status, 200, JSON.stringify(closed.body));
    assert.deepEqual([closed.body.cashReceived, closed.body.expectedCash, closed.body.difference], [3400, 1000, 0]);
  });
});

describe('cash drawer access policy', () => {
  const checks: Array<[Action, 'CashSession' | 'Report', string]> = [
    ['create', 'CashSession', 'own'],
    ['update', 'CashSession', 'own'],
    ['read', 'CashSession', 'own'],
    ['create', 'CashSession', 'other'],
    ['update', 'CashSession', 'other'],
    ['read', 'CashSession', 'other'],
    ['read', 'Report', 'own'],
    ['read', 'Report', 'other'],
  ];
  // Columns as in `checks`: open/close/read a drawer of their own store, then of another store; daily report own/other.
  const expected: Record<RoleName, string> = {
    owner: '11111111',
    admin: '11111111',
    store_manager: '11100010',
    pharmacist: '11100000',
    cashier: '11100000',
    auditor: '00100111',
  };
  for (const role of ROLES) {
    it(`${role}`, () => {
      const ability = abilityFor({ id: 'u1', email: 'u1@x', name: 'U1', roles: [role], storeIds: ['store-own'] });
      const actual = checks
        .map(([action, subject, store]) => (ability.can(action, asSubject(subject, { storeId: `store-${store}` })) ? '1' : '0'))
        .join('');
      assert.equal(actual, expected[role]);
    });
  }
});
