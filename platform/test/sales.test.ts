import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { listQuery } from './support/api-client.js';
import { createProduct } from './support/catalog-fixtures.js';
import { assertProblem, createStore, createUser, operatorToken, provisionTenant, schemaOf, type TestTenant } from './support/fixtures.js';
import { assertLedgerMatchesBalances, inDays, receive } from './support/inventory-fixtures.js';
import { enableIndiaGst, goldenIndianProducts, goldenKenyanSale } from './support/sales-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('POS sales', () => {
  let app: TestApp;
  let india: TestTenant;
  let schema: string;
  let mumbai: string;
  let pune: string;
  let dolo: string;
  let insulin: string;
  let strip: string;
  let cashier: { id: string; token: string };

  const owner = () => ({ tenant: india.slug, token: india.ownerToken });
  const sell = (body: Record<string, unknown>, options: { token?: string; key?: string } = {}) =>
    app.api.post('/api/v1/sales', body, {
      tenant: india.slug,
      token: options.token ?? cashier.token,
      headers: options.key ? { 'idempotency-key': options.key } : undefined,
    });

  before(async () => {
    app = await startTestApp();
    india = await provisionTenant(app, 'pos-india');
    schema = await schemaOf(app, india.slug);
    mumbai = await createStore(app, india, 'MUM-1');
    pune = await createStore(app, india, 'PUN-1');
    await enableIndiaGst(app, india);
    cashier = await createUser(app, india, 'cashier@pos.test', ['cashier'], [mumbai]);
    ({ dolo, insulin, strip } = await goldenIndianProducts(app, india, mumbai));
  });
  afterEach(() => assertLedgerMatchesBalances(app, schema));
  after(() => app?.close());

  it('prices an intra-state sale to the paisa: 5 % and nil lines, a loose strip, CGST + SGST and round-off', async () => {
    const res = await sell({
      storeId: mumbai,
      lines: [
        { productId: dolo, quantity: 15 },
        { productId: insulin, quantity: 1 },
        { productId: strip, quantity: 7 },
      ],
      payments: [{ method: 'cash', amount: 50000 }],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const sale = res.body;
    // Dolo: 1 strip at ₹34.00; taxable 3400 × 100/105 = 3238.10 → 3238, tax 162 = CGST 81 + SGST 81.
    // Insulin: nil-rated ₹150.00, no tax. Cetirizine: 7 of a 10-strip at ₹35.50 = ₹24.85; taxable 2485 × 100/105
    // = 2366.67 → 2367, tax 118 = 59 + 59. Gross ₹208.85 → payable ₹209.00 (round-off +0.15). Change ₹291.00.
    assert.deepEqual(
      sale.lines.map((l: any) => [
        l.productName,
        l.gross,
        l.taxable,
        l.tax,
        l.components.map((c: any) => `${c.code}:${c.amount}`).join(' '),
      ]),
      [
        ['Dolo 650 Tablet', 3400, 3238, 162, 'CGST:81 SGST:81'],
        ['Human Insulin Vial', 15000, 15000, 0, ''],
        ['Cetirizine 10 Tablet', 2485, 2367, 118, 'CGST:59 SGST:59'],
      ],
    );
    assert.deepEqual(sale.totals, {
      gross: 20885,
      discount: 0,
      taxable: 20605,
      tax: 280,
      roundOff: 15,
      total: 20900,
      paid: 50000,
      change: 29100,
    });
    assert.match(sale.invoiceNo, /^S01\/\d{4}\/000001$/);
    assert.ok(sale.invoiceNo.length <= 16);
    assert.deepEqual(
      sale.lines[2].allocations.map((a: any) => [a.batchNo, a.quantity]),
      [['CT-1', 7]],
    );
    assert.equal(sale.seller.taxId, '27AAICS1234F1ZK');
    const stock = await app.api.get(`/api/v1/stock${listQuery({ filter: { productId: strip } })}`, owner());
    assert.equal(stock.body[0].quantity, 93);
  });

  it('charges IGST when goods are supplied to another state, and applies line discounts before tax', async () => {
    const res = await sell({
      storeId: mumbai,
      placeOfSupply: 'KA',
      lines: [{ productId: dolo, quantity: 30, discountPct: 10 }],
      payments: [{ method: 'upi', amount: 6100, reference: 'UPI-889' }],
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    // 2 strips ₹68.00, 10 % off ₹6.80 → ₹61.20; taxable 6120 × 100/105 = 5828.57 → 5829, IGST 291. Payable ₹61.00.
    const [line] = res.body.lines;
    assert.deepEqual([line.gross, line.discount, line.amount, line.taxable, line.tax], [6800, 680, 6120, 5829, 291]);
    assert.deepEqual(
      line.components.map((c: any) => c.code),
      ['IGST'],
    );
    assert.deepEqual([res.body.totals.roundOff, res.body.totals.total, res.body.totals.change], [-20, 6100, 0]);
  });

  it('replays an Idempotency-Key as the same sale, charging and dispensing once', async () => {
    const body = {
      storeId: mumbai,
      lines: [{ productId: dolo, quantity: 15 }],
      payments: [{ method: 'card', amount: 3400, reference: 'POS-1' }],
    };
    const first = await sell(body, { key: 'till-3-sale-000123' });
    const again = await sell(body, { key: 'till-3-sale-000123' });
    assert.equal(first.status, 201);
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.equal(again.body.id, first.body.id);
    assert.equal(again.body.invoiceNo, first.body.invoiceNo);
    const [count] = await app.sql<{ n: string }>(`select count(*) as n from "${schema}".sale where idempotency_key = 'till-3-sale-000123'`);
    assert.equal(count.n, '1');
    assertProblem(
      await sell({ ...body, lines: [{ productId: dolo, quantity: 30 }] }, { key: 'till-3-sale-000123' }),
      422,
      'idempotency-key-reused',
    );
  });

  it('refuses short payments, non-cash overpayment and prescription-only medicines without a prescription', async () => {
    assertProblem(
      await sell({ storeId: mumbai, lines: [{ productId: dolo, quantity: 15 }], payments: [{ method: 'cash', amount: 3000 }] }),
      422,
      'payment-short',
    );
    assertProblem(
      await sell({ storeId: mumbai, lines: [{ productId: dolo, quantity: 15 }], payments: [{ method: 'card', amount: 5000 }] }),
      422,
      'payment-over',
    );
    const split = await sell({
      storeId: mumbai,
      lines: [{ productId: dolo, quantity: 15 }],
      payments: [
        { method: 'card', amount: 2000 },
        { method: 'cash', amount: 2000 },
      ],
    });
    assert.equal(split.status, 201);
    assert.equal(split.body.totals.change, 600);
    const amox = await createProduct(app, india, {
      name: 'Amoxil 500 Capsule',
      schedule: 'H',
      dosageForm: 'capsule',
      baseUnit: 'capsule',
      mrp: 8500,
    });
    await receive(app, india, mumbai, [{ productId: amox, batchNo: 'AMX-9', expiry: inDays(300), quantity: 30 }]);
    const rx = await sell({ storeId: mumbai, lines: [{ productId: amox, quantity: 10 }], payments: [{ method: 'cash', amount: 10000 }] });
    assertProblem(rx, 422, 'prescription-required');
    assert.match(rx.body.detail, /Amoxil 500 Capsule \(Schedule H\)/);
  });

  it('answers 409 naming the product, what is available and in-stock substitutes', async () => {
    const generic = await createProduct(app, india, {
      name: 'Paracip 650 Tablet',
      ingredients: [{ name: 'Paracetamol', strength: '650mg' }],
      packSize: 10,
      mrp: 2000,
    });
    await receive(app, india, mumbai, [{ productId: generic, batchNo: 'PC-1', expiry: inDays(300), quantity: 40 }]);
    const res = await sell({ storeId: mumbai, lines: [{ productId: dolo, quantity: 5000 }], payments: [{ method: 'cash', amount: 1 }] });
    assertProblem(res, 409, 'insufficient-stock');
    assert.match(res.body.detail, /Not enough Dolo 650 Tablet/);
    assert.equal(res.body.available, 150 - 15 - 30 - 15 - 15);
    assert.deepEqual(
      res.body.substitutes.map((p: any) => [p.name, p.inStock]),
      [['Paracip 650 Tablet', 40]],
    );
  });

  it("keeps a cashier to their store's counter and its sales", async () => {
    assertProblem(
      await sell({ storeId: pune, lines: [{ productId: dolo, quantity: 1 }], payments: [{ method: 'cash', amount: 500 }] }),
      403,
    );
    const puneCashier = await createUser(app, india, 'cashier.pune@pos.test', ['cashier'], [pune]);
    const theirs = await app.api.get('/api/v1/sales', { tenant: india.slug, token: puneCashier.token });
    assert.deepEqual(theirs.body, []);
    const mine = await app.api.get(`/api/v1/sales${listQuery({ range: [0, 99] })}`, { tenant: india.slug, token: cashier.token });
    assert.ok(mine.body.length >= 4 && mine.body.every((s: any) => s.storeId === mumbai));
    assertProblem(await app.api.get(`/api/v1/sales/${mine.body[0].id}`, { tenant: india.slug, token: puneCashier.token }), 404);
    const impossibleDay = encodeURIComponent(JSON.stringify({ from: '2026-02-30' }));
    assertProblem(await app.api.get(`/api/v1/sales?filter=${impossibleDay}`, owner()), 400);
  });

  it('refuses to sell for a suspended chain', async () => {
    const other = await provisionTenant(app, 'pos-suspended');
    await app.api.post(`/api/v1/platform/tenants/${other.id}/suspend`, {}, { token: await operatorToken(app) });
    assertProblem(
      await app.api.post(
        '/api/v1/sales',
        { storeId: mumbai, lines: [{ productId: dolo, quantity: 1 }], payments: [{ method: 'cash', amount: 500 }] },
        { tenant: other.slug, token: other.ownerToken },
      ),
      403,
      'tenant-suspended',
    );
  });
});

describe('POS sales in Kenya', () => {
  let app: TestApp;
  let kenya: TestTenant;

  before(async () => {
    app = await startTestApp();
    kenya = await provisionTenant(app, 'pos-kenya', { country: 'KE' });
  });
  after(() => app?.close());

  it('prices exempt medicines and 16 % goods to the cent with eTIMS classes', async () => {
    const res = await goldenKenyanSale(app, kenya);
    assert.equal(res.status, 201, JSON.stringify(res.body));
    // Panadol: exempt (A), KES 450.00, no VAT. Toothpaste: KES 250.00 at 16 % inclusive: VAT 25000 × 16/116
    // = 3448.28 → 3448, taxable 21552. No round-off in Kenya: payable KES 700.00.
    assert.deepEqual(
      res.body.lines.map((l: any) => [l.taxable, l.tax]),
      [
        [45000, 0],
        [21552, 3448],
      ],
    );
    assert.deepEqual([res.body.totals.tax, res.body.totals.roundOff, res.body.totals.total], [3448, 0, 70000]);
    assert.equal(res.body.currency, 'KES');
    assert.match(res.body.invoiceNo, /^S01\/\d{4}\/000001$/, 'calendar financial year in Kenya');
  });
});
