import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { listQuery } from './support/api-client.js';
import { createProduct } from './support/catalog-fixtures.js';
import { assertProblem, createStore, createUser, provisionTenant, schemaOf, type TestTenant } from './support/fixtures.js';
import { assertLedgerMatchesBalances, inDays, receive } from './support/inventory-fixtures.js';
import { DOLO, enableIndiaGst, INSULIN } from './support/sales-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('sale returns and credit notes', () => {
  let app: TestApp;
  let india: TestTenant;
  let schema: string;
  let mumbai: string;
  let pune: string;
  let dolo: string;
  let insulin: string;
  let batchA: string;
  let batchB: string;
  let insulinBatch: string;
  let cashier: { id: string; token: string };
  let puneCashier: { id: string; token: string };
  let auditor: { id: string; token: string };
  let split: any;

  const owner = () => ({ tenant: india.slug, token: india.ownerToken });
  const sell = async (body: Record<string, unknown>) => {
    const res = await app.api.post('/api/v1/sales', { storeId: mumbai, ...body }, { tenant: india.slug, token: cashier.token });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body;
  };
  const giveBack = (saleId: string, body: unknown, options: { token?: string; key?: string } = {}) =>
    app.api.post(`/api/v1/sales/${saleId}/returns`, body, {
      tenant: india.slug,
      token: options.token ?? cashier.token,
      headers: options.key ? { 'idempotency-key': options.key } : undefined,
    });
  const onHand = async (batchId: string) =>
    (await app.sql<{ quantity: number }>(`select quantity from "${schema}".stock_batch where id = $1`, [batchId]))[0].quantity;
  const count = async (table: string) => Number((await app.sql<{ n: string }>(`select count(*) as n from "${schema}".${table}`))[0].n);

  before(async () => {
    app = await startTestApp();
    india = await provisionTenant(app, 'returns-india');
    schema = await schemaOf(app, india.slug);
    mumbai = await createStore(app, india, 'MUM-1');
    pune = await createStore(app, india, 'PUN-1');
    await enableIndiaGst(app, india);
    cashier = await createUser(app, india, 'cashier@returns.test', ['cashier'], [mumbai]);
    puneCashier = await createUser(app, india, 'cashier.pune@returns.test', ['cashier'], [pune]);
    auditor = await createUser(app, india, 'auditor@returns.test', ['auditor']);
    dolo = await createProduct(app, india, DOLO);
    insulin = await createProduct(app, india, INSULIN);
    [batchA, batchB, insulinBatch] = await receive(app, india, mumbai, [
      { productId: dolo, batchNo: 'DL-A', expiry: inDays(200), quantity: 10, mrp: 3400 },
      { productId: dolo, batchNo: 'DL-B', expiry: inDays(300), quantity: 200, mrp: 3400 },
      { productId: insulin, batchNo: 'INS-1', expiry: inDays(200), quantity: 20, mrp: 15000 },
    ]);
    // 20 tablets across two batches, 10 % off, paid by card and cash with change. FEFO takes DL-A's 10 then 10 of
    // DL-B; each is 10 × 3400 / 15 = 2266.67 → 2267, gross 4534; discount 453.4 → 453; amount 4081; taxable
    // 4081 × 100/105 = 3886.67 → 3887, tax 194. Payable ₹41.00 (+0.19). Card 3000 + cash 2000, change 900: the
    // card holds 3000 and the cash 1100.
    split = await sell({
      lines: [{ productId: dolo, quantity: 20, discountPct: 10 }],
      payments: [
        { method: 'card', amount: 3000, reference: 'POS-77' },
        { method: 'cash', amount: 2000 },
      ],
    });
    assert.deepEqual(
      [split.lines[0].amount, split.lines[0].discount, split.lines[0].tax, split.totals.total, split.totals.change],
      [4081, 453, 194, 4100, 900],
    );
    assert.deepEqual(
      split.lines[0].allocations.map((a: any) => [a.batchNo, a.quantity]),
      [
        ['DL-A', 10],
        ['DL-B', 10],
      ],
    );
  });
  afterEach(() => assertLedgerMatchesBalances(app, schema));
  after(() => app?.close());

  it('credits a partial return pro rata, restocks the batch that sold it and issues CS01/<fy>/000001', async () => {
    const lineId = split.lines[0].id;
    const res = await giveBack(split.id, {
      lines: [{ saleLineId: lineId, quantity: 6, restock: true }],
      reason: 'Doctor changed the dose',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const note = res.body;
    assert.equal(note.creditNoteNo, `CS01/${split.financialYear}/000001`);
    assert.ok(note.creditNoteNo.length <= 16);
    assert.deepEqual(note.original, { invoiceNo: split.invoiceNo, businessDate: split.businessDate });
    // 6 of 20: amount 4081 × 6/20 = 1224.3 → 1224; discount 453 × 6/20 = 135.9 → 136; taxable 1224 × 100/105 =
    // 1165.71 → 1166, tax 58 = CGST 29 + SGST 29 (the sale's date, the sale's 5 %).
    const [line] = note.lines;
    assert.deepEqual(
      [line.quantity, line.restockedQuantity, line.writtenOffQuantity, line.amount, line.discount, line.taxable, line.tax, line.taxRate],
      [6, 6, 0, 1224, 136, 1166, 58, 500],
    );
    assert.deepEqual(
      line.components.map((c: any) => `${c.code}:${c.amount}`),
      ['CGST:29', 'SGST:29'],
    );
    // Refund: ₹12.24 rounds to ₹12.00 like the invoice did; all of it back to the card first (cash last), pending.
    assert.deepEqual(note.totals, { gross: 1224, taxable: 1166, tax: 58, roundOff: -24, total: 1200 });
    assert.deepEqual(
      note.refunds.map((r: any) => [r.method, r.amount, r.status]),
      [['card', 1200, 'pending']],
    );
    // Last batch picked gives back first: DL-B sold 10 (200 → 190) and gets 6 back.
    assert.deepEqual(
      line.batches.map((b: any) => [b.batchNo, b.quantity, b.restocked]),
      [['DL-B', 6, true]],
    );
    assert.equal(await onHand(batchB), 196);
    assert.equal(await onHand(batchA), 0);
    const sale = (await app.api.get(`/api/v1/sales/${split.id}`, owner())).body;
    assert.equal(sale.status, 'partially_returned');
    assert.equal(sale.lines[0].returnedQuantity, 6);
    const audit = await app.sql<{ action: string }>(`select action from "${schema}".audit_log where entity_id = $1`, [note.id]);
    assert.deepEqual(
      audit.map((a) => a.action),
      ['sale.returned'],
    );
    const fetched = await app.api.get(`/api/v1/returns/${note.id}`, { tenant: india.slug, token: cashier.token });
    assert.equal(fetched.status, 200);
    assert.deepEqual(fetched.body, JSON.parse(JSON.stringify(note)));
  });

  it('a second partial return and the remainder credit exactly the line and refund exactly what was paid', async () => {
    const lineId = split.lines[0].id;
    const second = await giveBack(split.id, { lines: [{ saleLineId: lineId, quantity: 5, restock: true }], reason: 'Not needed' });
    assert.equal(second.status, 201, JSON.stringify(second.body));
    // 11 of 20 credited so far: 4081 × 11/20 = 2244.55 → 2245, less 1224 already = 1021; discount 453 × 11/20 =
    // 249.15 → 249, less 136 = 113; taxable 1021 × 100/105 = 972.38 → 972, tax 49. Refunds follow the rounded running
    // total: ₹22.45 → ₹22.00, less ₹12.00 refunded = 1000, to the card (1800 left on it).
    const l2 = second.body.lines[0];
    assert.deepEqual([l2.amount, l2.discount, l2.taxable, l2.tax], [1021, 113, 972, 49]);
    assert.equal(second.body.totals.total, 1000);
    assert.equal(second.body.creditNoteNo, `CS01/${split.financialYear}/000002`);
    // DL-B gave 10, 6 are back: its last 4, then DL-A's first.
    assert.deepEqual(
      l2.batches.map((b: any) => [b.batchNo, b.quantity]),
      [
        ['DL-B', 4],
        ['DL-A', 1],
      ],
    );
    assert.deepEqual(
      second.body.refunds.map((r: any) => [r.method, r.amount, r.status]),
      [['card', 1000, 'pending']],
    );

    const rest = await giveBack(split.id, { lines: [{ saleLineId: lineId, quantity: 9, restock: true }], reason: 'Not needed' });
    assert.equal(rest.status, 201, JSON.stringify(rest.body));
    // The remainder: 4081 − 2245 = 1836, discount 453 − 249 = 204; taxable 1836 × 100/105 = 1748.57 → 1749, tax 87.
    // The sale is now fully returned, so the refund is what is left of the ₹41.00 paid: 4100 − 2200 = 1900, the
    // card's last 800 and then 1100 cash (the 2000 tendered less 900 change), paid out at once.
    const l3 = rest.body.lines[0];
    assert.deepEqual([l3.amount, l3.discount, l3.taxable, l3.tax], [1836, 204, 1749, 87]);
    assert.deepEqual(
      rest.body.refunds.map((r: any) => [r.method, r.amount, r.status]),
      [
        ['card', 800, 'pending'],
        ['cash', 1100, 'completed'],
      ],
    );
    assert.equal(1224 + l2.amount + l3.amount, split.lines[0].amount);
    assert.equal(1200 + second.body.totals.total + rest.body.totals.total, split.totals.total);
    assert.equal(await onHand(batchA), 10);
    assert.equal(await onHand(batchB), 200);
    const sale = (await app.api.get(`/api/v1/sales/${split.id}`, owner())).body;
    assert.deepEqual([sale.status, sale.lines[0].returnedQuantity], ['returned', 20]);

    const list = await app.api.get(
      `/api/v1/returns${listQuery({ filter: { storeId: mumbai, from: inDays(0), to: inDays(1) }, sort: ['creditNoteNo', 'ASC'] })}`,
      owner(),
    );
    assert.equal(list.status, 200);
    assert.equal(list.headers.get('content-range'), 'returns 0-2/3');
    assert.deepEqual(
      list.body.map((r: any) => r.totals.total),
      [1200, 1000, 1900],
    );
    const none = await app.api.get(`/api/v1/returns${listQuery({ filter: { to: inDays(0) } })}`, owner());
    assert.deepEqual(none.body, []);
  });

  it('refuses to return more than sold minus already returned, writing nothing', async () => {
    const before = await Promise.all(['sale_return', 'sale_refund'].map(count));
    const over = await giveBack(split.id, { lines: [{ saleLineId: split.lines[0].id, quantity: 1, restock: true }], reason: 'Again' });
    assertProblem(over, 422, 'over-return');
    assert.deepEqual(over.body.lines, [
      { saleLineId: split.lines[0].id, productName: 'Dolo 650 Tablet', sold: 20, alreadyReturned: 20, requested: 1 },
    ]);
    const fresh = await sell({ lines: [{ productId: dolo, quantity: 15 }], payments: [{ method: 'cash', amount: 3400 }] });
    const movementsAfterSale = await count('stock_movement');
    // Two request lines for one sale line add up: 10 + 6 > 15.
    const twice = await giveBack(fresh.id, {
      lines: [
        { saleLineId: fresh.lines[0].id, quantity: 10, restock: true },
        { saleLineId: fresh.lines[0].id, quantity: 6, restock: false },
      ],
      reason: 'Too many',
    });
    assertProblem(twice, 422, 'over-return');
    assert.match(twice.body.detail, /16 requested but only 15 of 15/);
    assert.deepEqual(await Promise.all(['sale_return', 'sale_refund'].map(count)), before);
    assert.equal(await count('stock_movement'), movementsAfterSale);
    const [row] = await app.sql<{ returned_quantity: number }>(`select returned_quantity from "${schema}".sale_line where id = $1`, [
      fresh.lines[0].id,
    ]);
    assert.equal(row.returned_quantity, 0);
    // The next credit note still takes the next number: refused returns leave no gap.
    const ok = await giveBack(fresh.id, {
      lines: [{ saleLineId: fresh.lines[0].id, quantity: 15, restock: true }],
      reason: 'Wrong strength',
    });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.equal(ok.body.creditNoteNo, `CS01/${split.financialYear}/000004`);
  });

  it('keeps damaged units off the shelf while the ledger shows they came back and were written off', async () => {
    const sale = await sell({ lines: [{ productId: insulin, quantity: 3 }], payments: [{ method: 'cash', amount: 50000 }] });
    const shelfAfterSale = await onHand(insulinBatch);
    const res = await giveBack(sale.id, {
      lines: [
        { saleLineId: sale.lines[0].id, quantity: 1, restock: true },
        { saleLineId: sale.lines[0].id, quantity: 2, restock: false },
      ],
      reason: 'Cold chain broken for two vials',
    });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const [line] = res.body.lines;
    // Nil-rated: 3 vials ₹450.00 credited with no tax; the whole sale comes back so ₹450.00 cash is refunded.
    assert.deepEqual([line.quantity, line.restockedQuantity, line.writtenOffQuantity, line.amount, line.tax], [3, 1, 2, 45000, 0]);
    assert.deepEqual(
      res.body.refunds.map((r: any) => [r.method, r.amount, r.status]),
      [['cash', 45000, 'completed']],
    );
    assert.equal(await onHand(insulinBatch), shelfAfterSale + 1);
    const ledger = await app.sql<{ kind: string; quantity: number; reason: string }>(
      `select kind, quantity, reason from "${schema}".stock_movement where reference = $1 order by id`,
      [res.body.id],
    );
    assert.deepEqual(
      ledger.map((m) => [m.kind, m.quantity, m.reason]),
      [
        ['return', 1, 'customer return'],
        ['return', 2, 'customer return'],
        ['adjustment', -2, 'returned_not_restocked'],
      ],
    );
  });

  it('credits tax at the rate of the original sale date', async () => {
    const sale = await sell({ lines: [{ productId: dolo, quantity: 15 }], payments: [{ method: 'upi', amount: 3400 }] });
    // Pretend the sale was made before GST 2.0 (22 Sep 2025), when HSN 3004 was taxed at 12 %.
    await app.sql(`update "${schema}".sale set business_date = '2025-09-10' where id = $1`, [sale.id]);
    const res = await giveBack(sale.id, { lines: [{ saleLineId: sale.lines[0].id, quantity: 15, restock: true }], reason: 'Old bill' });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    // 3400 × 100/112 = 3035.71 → 3036, tax 364 = CGST 182 + SGST 182. The credit note itself is dated today.
    assert.deepEqual([res.body.lines[0].taxable, res.body.lines[0].tax, res.body.lines[0].taxRate], [3036, 364, 1200]);
    assert.equal(res.body.taxDate, '2025-09-10');
    assert.equal(res.body.businessDate, inDays(0));
    assert.deepEqual(
      res.body.refunds.map((r: any) => [r.method, r.amount, r.status]),
      [['upi', 3400, 'pending']],
    );
  });

  it('replays an Idempotency-Key as the same credit note, refunding once', async () => {
    const sale = await sell({ lines: [{ productId: dolo, quantity: 15 }], payments: [{ method: 'cash', amount: 3400 }] });
    const body = { lines: [{ saleLineId: sale.lines[0].id, quantity: 5, restock: true }], reason: 'Customer changed mind' };
    const first = await giveBack(sale.id, body, { key: 'till-3-return-0001' });
    const again = await giveBack(sale.id, body, { key: 'till-3-return-0001' });
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('idempotent-replayed'), 'true');
    assert.deepEqual(again.body, first.body);
    const [n] = await app.sql<{ n: string }>(`select count(*) as n from "${schema}".sale_return where sale_id = $1`, [sale.id]);
    assert.equal(n.n, '1');
    assertProblem(
      await giveBack(sale.id, { ...body, lines: [{ ...body.lines[0], quantity: 4 }] }, { key: 'till-3-return-0001' }),
      422,
      'idempotency-key-reused',
    );
  });

  it("keeps returns to the sale's store: other stores' cashiers see nothing, auditors read but cannot return", async () => {
    const sale = await sell({ lines: [{ productId: dolo, quantity: 2 }], payments: [{ method: 'cash', amount: 500 }] });
    const body = { lines: [{ saleLineId: sale.lines[0].id, quantity: 1, restock: true }], reason: 'Wrong store' };
    assertProblem(await giveBack(sale.id, body, { token: puneCashier.token }), 404);
    assertProblem(await giveBack(sale.id, body, { token: auditor.token }), 403);
    const [n] = await app.sql<{ n: string }>(`select count(*) as n from "${schema}".sale_return where sale_id = $1`, [sale.id]);
    assert.equal(n.n, '0');
    const theirs = await app.api.get('/api/v1/returns', { tenant: india.slug, token: puneCashier.token });
    assert.deepEqual(theirs.body, []);
    const all = await app.api.get(`/api/v1/returns${listQuery({ range: [0, 99] })}`, { tenant: india.slug, token: auditor.token });
    assert.equal(all.status, 200);
    assert.ok(all.body.length >= 6 && all.body.every((r: any) => r.storeId === mumbai));
    assertProblem(await app.api.get(`/api/v1/returns/${all.body[0].id}`, { tenant: india.slug, token: puneCashier.token }), 404);
  });

  it('lets exactly 10 of 20 concurrent one-unit returns of a 10-unit line through', async () => {
    const sale = await sell({ lines: [{ productId: dolo, quantity: 10 }], payments: [{ method: 'cash', amount: 2300 }] });
    const shelf = (await onHand(batchA)) + (await onHand(batchB));
    const body = { lines: [{ saleLineId: sale.lines[0].id, quantity: 1, restock: true }], reason: 'Rush' };
    const results = await Promise.all(Array.from({ length: 20 }, () => giveBack(sale.id, body)));
    const ok = results.filter((r) => r.status === 201);
    assert.equal(ok.length, 10, JSON.stringify(results.filter((r) => r.status !== 201 && r.status !== 422).map((r) => r.body)));
    for (const refused of results.filter((r) => r.status !== 201)) assertProblem(refused, 422, 'over-return');
    assert.equal((await onHand(batchA)) + (await onHand(batchB)), shelf + 10);
    const [line] = await app.sql<{ returned_quantity: number }>(`select returned_quantity from "${schema}".sale_line where id = $1`, [
      sale.lines[0].id,
    ]);
    assert.equal(line.returned_quantity, 10);
    // Ten credit notes, consecutive numbers, no duplicates; the refunds add up to what was paid.
    const numbers = ok.map((r) => Number(r.body.creditNoteNo.split('/')[2])).sort((a, b) => a - b);
    assert.deepEqual(
      numbers,
      Array.from({ length: 10 }, (_, i) => numbers[0] + i),
    );
    assert.equal(
      ok.reduce((sum, r) => sum + r.body.totals.total, 0),
      sale.totals.total,
    );
  });

  it('answers bad input with 400 problem+json and unknown sales with 404', async () => {
    const sale = split.id;
    const line = split.lines[0].id;
    for (const body of [
      {},
      { lines: [], reason: 'x' },
      { lines: [{ saleLineId: line, quantity: 0, restock: true }], reason: 'Broken' },
      { lines: [{ saleLineId: line, quantity: 1.5, restock: true }], reason: 'Broken' },
      { lines: [{ saleLineId: line, quantity: 1 }], reason: 'Broken' },
      { lines: [{ saleLineId: 'not-a-uuid', quantity: 1, restock: true }], reason: 'Broken' },
      { lines: [{ saleLineId: line, quantity: 1, restock: true }], reason: '<script>alert(1)</script>' },
      { lines: [{ saleLineId: line, quantity: 1, restock: true }], reason: 'Broken', refund: 100 },
    ]) {
      assertProblem(await giveBack(sale, body), 400, 'validation-error');
    }
    const stranger = await giveBack(sale, {
      lines: [{ saleLineId: '00000000-0000-4000-8000-000000000000', quantity: 1, restock: true }],
      reason: 'Broken',
    });
    assertProblem(stranger, 400, 'validation-error');
    assert.equal(stranger.body.errors[0].field, 'lines.0.saleLineId');
    assertProblem(await giveBack('nope', { lines: [{ saleLineId: line, quantity: 1, restock: true }], reason: 'Broken' }), 400);
    assertProblem(
      await giveBack(sale, { lines: [{ saleLineId: line, quantity: 1, restock: true }], reason: 'Broken' }, { key: 'bad key!' }),
      400,
    );
    assertProblem(
      await giveBack('00000000-0000-4000-8000-000000000000', {
        lines: [{ saleLineId: line, quantity: 1, restock: true }],
        reason: 'Broken',
      }),
      404,
    );
    assertProblem(await app.api.get(`/api/v1/returns${listQuery({ filter: { from: 'yesterday' } })}`, owner()), 400);
    assertProblem(await app.api.get(`/api/v1/returns${listQuery({ filter: { invoiceNo: 'S01' } })}`, owner()), 400);
  });
});
