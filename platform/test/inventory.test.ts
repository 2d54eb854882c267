import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { listQuery } from './support/api-client.js';
import { createProduct } from './support/catalog-fixtures.js';
import { assertProblem, createStore, createUser, provisionTenant, schemaOf, type TestTenant } from './support/fixtures.js';
import { assertLedgerMatchesBalances, inDays, receive } from './support/inventory-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('batch-level inventory', () => {
  let app: TestApp;
  let t: TestTenant;
  let schema: string;
  let mumbai: string;
  let pune: string;
  let amox: string;
  let pharmacist: { id: string; token: string };
  let cashier: { id: string; token: string };
  let manager: { id: string; token: string };
  const as = (token: string) => ({ tenant: t.slug, token });
  const owner = () => as(t.ownerToken);

  before(async () => {
    app = await startTestApp();
    t = await provisionTenant(app, 'stock-chain');
    schema = await schemaOf(app, t.slug);
    mumbai = await createStore(app, t, 'MUM-1');
    pune = await createStore(app, t, 'PUN-1');
    amox = await createProduct(app, t, {
      name: 'Amoxil 500 Capsule',
      ingredients: [{ name: 'Amoxycillin', strength: '500mg' }],
      dosageForm: 'capsule',
      baseUnit: 'capsule',
      packSize: 10,
      schedule: 'H',
      mrp: 8500,
      reorderLevel: 100,
    });
    pharmacist = await createUser(app, t, 'pharmacist@stock.test', ['pharmacist'], [mumbai]);
    cashier = await createUser(app, t, 'cashier@stock.test', ['cashier'], [mumbai]);
    manager = await createUser(app, t, 'manager@stock.test', ['store_manager'], [mumbai]);
  });
  afterEach(() => assertLedgerMatchesBalances(app, schema));
  after(() => app?.close());

  it('receives goods into batches, adding to a batch already on the shelf', async () => {
    const [batch] = await receive(
      app,
      t,
      mumbai,
      [{ productId: amox, batchNo: 'AMX-001', expiry: inDays(400), quantity: 100, cost: 6000, mrp: 8500 }],
      pharmacist.token,
    );
    const [again] = await receive(app, t, mumbai, [
      { productId: amox, batchNo: 'AMX-001', expiry: inDays(400), quantity: 50, cost: 6000, mrp: 8500 },
    ]);
    assert.equal(again, batch);
    const stock = await app.api.get(`/api/v1/stock${listQuery({ filter: { storeId: mumbai, productId: amox } })}`, owner());
    assert.equal(stock.body.length, 1);
    assert.equal(stock.body[0].quantity, 150);
    assert.equal(stock.body[0].productName, 'Amoxil 500 Capsule');
    assert.equal(stock.body[0].expiryStatus, 'ok');
  });

  it('reads month expiries as the end of the month and refuses a batch number with another expiry', async () => {
    const res = await app.api.post(
      '/api/v1/stock/receipts',
      { storeId: mumbai, lines: [{ productId: amox, batchNo: 'AMX-M', expiry: '2031-02', quantity: 10, cost: 1, mrp: 2 }] },
      owner(),
    );
    assert.equal(res.body.lines[0].expiry, '2031-02-28');
    assertProblem(
      await app.api.post(
        '/api/v1/stock/receipts',
        { storeId: mumbai, lines: [{ productId: amox, batchNo: 'AMX-001', expiry: inDays(10), quantity: 1, cost: 1, mrp: 2 }] },
        owner(),
      ),
      422,
      'batch-expiry-mismatch',
    );
    const expired = await app.api.post(
      '/api/v1/stock/receipts',
      { storeId: mumbai, lines: [{ productId: amox, batchNo: 'AMX-OLD', expiry: inDays(-1), quantity: 1, cost: 1, mrp: 2 }] },
      owner(),
    );
    assertProblem(expired, 400);
    assert.match(expired.body.errors[0].message, /expired goods are not received/);
    const bad = await app.api.post(
      '/api/v1/stock/receipts',
      {
        storeId: mumbai,
        lines: [{ productId: '00000000-0000-4000-8000-000000000000', batchNo: 'X', expiry: '2027-13', quantity: 0, cost: -1, mrp: 1.5 }],
      },
      owner(),
    );
    assertProblem(bad, 400);
    assert.deepEqual(bad.body.errors.map((e: any) => e.field).sort(), [
      'lines.0.cost',
      'lines.0.expiry',
      'lines.0.mrp',
      'lines.0.quantity',
    ]);
  });

  it('adjusts counts with a reason, books expired stock as a write-off, never below zero', async () => {
    const [batch] = await receive(app, t, mumbai, [{ productId: amox, batchNo: 'AMX-ADJ', expiry: inDays(200), quantity: 20 }]);
    const damaged = await app.api.post(
      '/api/v1/stock/adjustments',
      { storeId: mumbai, batchId: batch, delta: -3, reason: 'damaged', note: 'crushed strip' },
      as(pharmacist.token),
    );
    assert.equal(damaged.status, 201);
    assert.equal(damaged.body.balance, 17);
    const written = await app.api.post(
      '/api/v1/stock/adjustments',
      { storeId: mumbai, batchId: batch, delta: -2, reason: 'expired' },
      as(manager.token),
    );
    assert.equal(written.status, 201);
    const kinds = await app.api.get(`/api/v1/stock/movements${listQuery({ filter: { batchId: batch }, sort: ['id', 'ASC'] })}`, owner());
    assert.deepEqual(
      kinds.body.map((m: any) => [m.kind, m.quantity]),
      [
        ['receipt', 20],
        ['adjustment', -3],
        ['expiry_write_off', -2],
      ],
    );
    assertProblem(
      await app.api.post('/api/v1/stock/adjustments', { storeId: mumbai, batchId: batch, delta: -16, reason: 'theft_or_loss' }, owner()),
      409,
      'insufficient-stock',
    );
    assertProblem(await app.api.post('/api/v1/stock/adjustments', { storeId: mumbai, batchId: batch, delta: -1 }, owner()), 400);
    assertProblem(
      await app.api.post('/api/v1/stock/adjustments', { storeId: mumbai, batchId: batch, delta: 5, reason: 'other' }, owner()),
      400,
    );
    assertProblem(
      await app.api.post('/api/v1/stock/adjustments', { storeId: mumbai, batchId: batch, delta: -1, reason: 'damaged' }, as(cashier.token)),
      403,
    );
    assertProblem(
      await app.api.post(
        '/api/v1/stock/adjustments',
        { storeId: pune, batchId: batch, delta: -1, reason: 'damaged' },
        as(pharmacist.token),
      ),
      403,
    );
    assertProblem(
      await app.api.post('/api/v1/stock/adjustments', { storeId: pune, batchId: batch, delta: -1, reason: 'damaged' }, owner()),
      404,
    );
  });

  it('lists the adjustment reasons with the way each moves the count, and holds adjustments to them', async () => {
    const reasons = await app.api.get('/api/v1/stock/adjustment-reasons', as(pharmacist.token));
    assert.equal(reasons.status, 200);
    const direction = Object.fromEntries(reasons.body.map((r: { id: string; direction: string }) => [r.id, r.direction]));
    assert.deepEqual(
      { damaged: direction.damaged, expired: direction.expired, found: direction.found, count_correction: direction.count_correction },
      { damaged: 'remove', expired: 'remove', found: 'add', count_correction: 'either' },
    );
    assert.ok(
      reasons.body.every((r: { label: string }) => r.label.length > 0),
      'every reason has a label a form can show',
    );
    const [batch] = await receive(app, t, mumbai, [{ productId: amox, batchNo: 'AMX-RSN', expiry: inDays(200), quantity: 5 }]);
    const refused = await app.api.post(
      '/api/v1/stock/adjustments',
      { storeId: mumbai, batchId: batch, delta: 2, reason: 'damaged' },
      as(pharmacist.token),
    );
    assertProblem(refused, 400);
    assert.match(JSON.stringify(refused.body.errors), /delta must be negative/);
    assertProblem(
      await app.api.post(
        '/api/v1/stock/adjustments',
        { storeId: mumbai, batchId: batch, delta: -1, reason: 'found' },
        as(pharmacist.token),
      ),
      400,
    );
  });

  it('transfers first-expiring batches, skipping expired and near-expiry stock, and records discrepancies on receipt', async () => {
    const para = await createProduct(app, t, {
      name: 'Crocin Advance Tablet',
      ingredients: [{ name: 'Paracetamol', strength: '500mg' }],
      packSize: 15,
      mrp: 3000,
    });
    await receive(app, t, mumbai, [
      { productId: para, batchNo: 'P-LATE', expiry: inDays(500), quantity: 40 },
      { productId: para, batchNo: 'P-EARLY', expiry: inDays(120), quantity: 25 },
      { productId: para, batchNo: 'P-NEAR', expiry: inDays(10), quantity: 30 },
      { productId: para, batchNo: 'P-MID', expiry: inDays(200), quantity: 20 },
    ]);
    await app.sql(
      `insert into "${schema}".stock_batch (id, store_id, product_id, batch_no, expiry, cost, mrp, quantity) values (gen_random_uuid(), $1, $2, 'P-GONE', current_date - 5, 1000, 3000, 0)`,
      [mumbai, para],
    );
    const [gone] = await app.sql<{ id: string }>(`select id from "${schema}".stock_batch where batch_no = 'P-GONE'`);
    await app.sql(
      `insert into "${schema}".stock_movement (store_id, product_id, batch_id, kind, quantity) values ($1, $2, $3, 'receipt', 9)`,
      [mumbai, para, gone.id],
    );
    await app.sql(`alter table "${schema}".stock_movement disable trigger stock_movement_append_only`);
    await app.sql(`update "${schema}".stock_batch set quantity = 9 where id = $1`, [gone.id]);
    await app.sql(`alter table "${schema}".stock_movement enable trigger stock_movement_append_only`);

    const sent = await app.api.post(
      '/api/v1/stock/transfers',
      { fromStoreId: mumbai, toStoreId: pune, lines: [{ productId: para, quantity: 50 }] },
      as(manager.token),
    );
    assert.equal(sent.status, 201, JSON.stringify(sent.body));
    assert.deepEqual(
      sent.body.lines.map((l: any) => [l.batchNo, l.quantitySent]),
      [
        ['P-EARLY', 25],
        ['P-MID', 20],
        ['P-LATE', 5],
      ],
      'FEFO, never expired, not inside the 30-day window',
    );
    assert.equal(sent.body.status, 'in_transit');

    const tooMuch = await app.api.post(
      '/api/v1/stock/transfers',
      { fromStoreId: mumbai, toStoreId: pune, lines: [{ productId: para, quantity: 60 }] },
      owner(),
    );
    assertProblem(tooMuch, 409, 'insufficient-stock');
    assert.equal(tooMuch.body.available, 35);
    assert.equal(tooMuch.body.nearExpiryAvailable, 30);
    assert.match(tooMuch.body.detail, /Crocin Advance Tablet: Only 35 in stock .*30 more expire within 30 days/);
    const override = await app.api.post(
      '/api/v1/stock/transfers',
      { fromStoreId: mumbai, toStoreId: pune, lines: [{ productId: para, quantity: 40 }], allowNearExpiry: true },
      owner(),
    );
    assert.deepEqual(
      override.body.lines.map((l: any) => [l.batchNo, l.quantitySent]),
      [
        ['P-NEAR', 30],
        ['P-LATE', 10],
      ],
    );

    const received = await app.api.post(
      `/api/v1/stock/transfers/${sent.body.id}/receive`,
      { lines: sent.body.lines.map((l: any) => ({ batchId: l.batchId, quantityReceived: l.batchNo === 'P-MID' ? 18 : l.quantitySent })) },
      as(pharmacist.token),
    );
    assertProblem(received, 404, 'not-found');
    const puneManager = await createUser(app, t, 'pune.manager@stock.test', ['store_manager'], [pune]);
    const ok = await app.api.post(
      `/api/v1/stock/transfers/${sent.body.id}/receive`,
      { lines: sent.body.lines.map((l: any) => ({ batchId: l.batchId, quantityReceived: l.batchNo === 'P-MID' ? 18 : l.quantitySent })) },
      as(puneManager.token),
    );
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.status, 'received');
    assert.equal(ok.body.discrepancy, 2);
    const puneStock = await app.api.get(
      `/api/v1/stock${listQuery({ filter: { storeId: pune, productId: para }, sort: ['expiry', 'ASC'] })}`,
      owner(),
    );
    assert.deepEqual(
      puneStock.body.map((b: any) => [b.batchNo, b.quantity]),
      [
        ['P-EARLY', 25],
        ['P-MID', 18],
        ['P-LATE', 5],
      ],
      'batch identity and expiry travel with the goods',
    );
    assert.equal(puneStock.body[0].expiry, inDays(120));
    assertProblem(
      await app.api.post(
        `/api/v1/stock/transfers/${sent.body.id}/receive`,
        { lines: [{ batchId: sent.body.lines[0].batchId, quantityReceived: 1 }] },
        as(puneManager.token),
      ),
      409,
      'transfer-already-received',
    );
    const inTransit = await app.api.get(`/api/v1/stock/transfers${listQuery({ filter: { status: 'in_transit' } })}`, owner());
    assert.deepEqual(
      inTransit.body.map((x: any) => x.id),
      [override.body.id],
    );
  });

  it('raises alerts for low stock, near expiry and expired stock on hand', async () => {
    const ors = await createProduct(app, t, {
      name: 'Electral ORS Powder',
      dosageForm: 'powder',
      baseUnit: 'sachet',
      packSize: 1,
      reorderLevel: 50,
    });
    await receive(app, t, mumbai, [{ productId: ors, batchNo: 'ORS-1', expiry: inDays(45), quantity: 30 }]);
    const alerts = await app.api.get(`/api/v1/stock/alerts?storeId=${mumbai}`, as(pharmacist.token));
    assert.equal(alerts.status, 200);
    const low = alerts.body.belowReorderLevel.map((r: any) => [r.name, r.onHand, r.reorderLevel]);
    assert.deepEqual(low, [['Electral ORS Powder', 30, 50]], 'Amoxil (175 on hand, level 100) is not low; ORS is');
    assert.deepEqual(
      alerts.body.expiring.within60Days.map((b: any) => b.batchNo),
      ['ORS-1'],
    );
    assert.ok(alerts.body.expiredOnHand.some((b: any) => b.batchNo === 'P-GONE' && b.quantity === 9));
    assert.ok(alerts.body.expiring.within30Days.every((b: any) => b.daysToExpiry >= 0 && b.daysToExpiry < 30));
    assertProblem(await app.api.get(`/api/v1/stock/alerts?storeId=${pune}`, as(pharmacist.token)), 403);
    assertProblem(await app.api.get('/api/v1/stock/alerts', as(pharmacist.token)), 400);
  });

  it('values stock at cost and at MRP per base unit, to the paisa', async () => {
    const store = await createStore(app, t, 'VAL-1');
    const strip = await createProduct(app, t, { name: 'Valuation Tablet', packSize: 10, mrp: 3550 });
    await receive(app, t, store, [
      { productId: strip, batchNo: 'V1', expiry: inDays(300), quantity: 7, cost: 2499, mrp: 3550 },
      { productId: strip, batchNo: 'V2', expiry: inDays(400), quantity: 25, cost: 2500, mrp: 3600 },
    ]);
    const report = await app.api.get(`/api/v1/reports/stock-valuation?storeId=${store}`, owner());
    // V1: 7 × 2499/10 = 1749.3 → 1749; 7 × 3550/10 = 2485. V2: 25 × 2500/10 = 6250; 25 × 3600/10 = 9000.
    assert.deepEqual(report.body.totals, { quantity: 32, atCost: 7999, atMrp: 11485, expiredAtCost: 0 });
    assert.equal(report.body.currency, 'INR');
    const ageing = await app.api.get(`/api/v1/reports/inventory-ageing?storeId=${store}`, owner());
    assert.deepEqual(ageing.body.buckets[0], { label: '0-30 days', batches: 2, quantity: 32, valueAtCost: 7999 });
    const reconciliation = await app.api.get('/api/v1/reports/stock-reconciliation', owner());
    assert.equal(reconciliation.body.consistent, true);
    assertProblem(await app.api.get(`/api/v1/reports/stock-valuation?storeId=${store}`, as(cashier.token)), 403);
  });

  it('offers in-stock substitutes first, then the cheapest', async () => {
    const cheapButEmpty = await createProduct(app, t, {
      name: 'Mox 500 Capsule',
      ingredients: [{ name: 'Amoxicillin', strength: '500 mg' }],
      dosageForm: 'capsule',
      baseUnit: 'capsule',
      packSize: 10,
      schedule: 'H',
      mrp: 4000,
    });
    const stocked = await createProduct(app, t, {
      name: 'Novamox 500 Capsule',
      ingredients: [{ name: 'Amoxycillin', strength: '500mg' }],
      dosageForm: 'capsule',
      baseUnit: 'capsule',
      packSize: 10,
      schedule: 'H',
      mrp: 9000,
    });
    await receive(app, t, mumbai, [{ productId: stocked, batchNo: 'NOV-1', expiry: inDays(300), quantity: 40 }]);
    const res = await app.api.get(`/api/v1/products/${amox}/substitutes?storeId=${mumbai}`, as(cashier.token));
    assert.deepEqual(
      res.body.map((p: any) => [p.id, p.inStock]),
      [
        [stocked, 40],
        [cheapButEmpty, 0],
      ],
    );
    assertProblem(await app.api.get(`/api/v1/products/${amox}/substitutes?storeId=${pune}`, as(cashier.token)), 403);
  });

  it('scopes stock reads to the reader’s stores and keeps tenants apart', async () => {
    const mine = await app.api.get(`/api/v1/stock${listQuery({ range: [0, 999] })}`, as(cashier.token));
    assert.ok(mine.body.length > 0 && mine.body.every((b: any) => b.storeId === mumbai));
    const asked = await app.api.get(`/api/v1/stock${listQuery({ filter: { storeId: pune } })}`, as(cashier.token));
    assert.deepEqual(asked.body, []);
    assertProblem(await app.api.get('/api/v1/stock/movements', as(cashier.token)), 403);
    const other = await provisionTenant(app, 'stock-other');
    const theirs = await app.api.get(`/api/v1/stock${listQuery({ range: [0, 999] })}`, { tenant: other.slug, token: other.ownerToken });
    assert.deepEqual(theirs.body, []);
    assertProblem(
      await app.api.post(
        '/api/v1/stock/receipts',
        { storeId: mumbai, lines: [{ productId: amox, batchNo: 'X1', expiry: inDays(100), quantity: 1, cost: 1, mrp: 1 }] },
        { tenant: other.slug, token: other.ownerToken },
      ),
      400,
    );
    const transfers = await app.api.get('/api/v1/stock/transfers', { tenant: other.slug, token: other.ownerToken });
    assert.deepEqual(transfers.body, []);
  });
});
