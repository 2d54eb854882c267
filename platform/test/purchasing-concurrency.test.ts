import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient } from './support/api-client.js';
import { startSiblingProcess, type ApiProcess } from './support/api-process.js';
import { createProduct } from './support/catalog-fixtures.js';
import { createStore, provisionTenant, schemaOf, type TestTenant } from './support/fixtures.js';
import { assertLedgerMatchesBalances, inDays } from './support/inventory-fixtures.js';
import { createSupplier, sentOrder } from './support/purchasing-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('purchasing under concurrency, through two API processes', () => {
  let app: TestApp;
  let second: ApiProcess;
  let t: TestTenant;
  let clients: ApiClient[];
  let storeId: string;
  let supplierId: string;
  let productId: string;

  before(async () => {
    app = await startTestApp();
    second = await startSiblingProcess(app);
    t = await provisionTenant(app, 'rush-buyer', { settings: { purchaseApprovalThreshold: 1_000_000_000 } });
    clients = [app.api, new ApiClient(second.url)];
    storeId = await createStore(app, t, 'RUSH-1');
    supplierId = await createSupplier(app, t, { name: 'Rush Distributors' });
    productId = await createProduct(app, t, { name: 'Rush Tablet', packSize: 10 });
  });
  after(async () => {
    await second?.stop();
    await app?.close();
  });

  it('numbers 20 orders submitted at once 1..20 with no gap or duplicate', async () => {
    const owner = { tenant: t.slug, token: t.ownerToken };
    const drafts = await Promise.all(
      Array.from({ length: 20 }, () =>
        app.api.post('/api/v1/purchase-orders', { storeId, supplierId, lines: [{ productId, quantity: 10, packCost: 100 }] }, owner),
      ),
    );
    const submitted = await Promise.all(
      drafts.map((d, i) => clients[i % 2].post(`/api/v1/purchase-orders/${d.body.id}/submit`, undefined, owner)),
    );
    assert.deepEqual([...new Set(submitted.map((r) => r.status))], [201]);
    assert.deepEqual(
      submitted.map((r) => Number(r.body.poNumber.split('/')[2])).sort((a, b) => a - b),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
  });

  it('40 receipts of 10 racing for 200 ordered units: exactly 20 land, nothing is over-received', async () => {
    const owner = { tenant: t.slug, token: t.ownerToken };
    const order = await sentOrder(app, owner, owner, { storeId, supplierId, lines: [{ productId, quantity: 200, packCost: 100 }] });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        clients[i % 2].post(
          `/api/v1/purchase-orders/${order.id}/receipts`,
          { lines: [{ productId, batchNo: `R-${i}`, expiry: inDays(400), quantity: 10, cost: 100, mrp: 200 }] },
          { ...owner, headers: { 'idempotency-key': `rush-receipt-${i}` } },
        ),
      ),
    );
    const statuses = results.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 20, `statuses: ${[...new Set(statuses)].join(',')}`);
    assert.equal(statuses.filter((s) => s === 409).length, 20);
    const schema = await schemaOf(app, t.slug);
    const [line] = await app.sql<{ received_quantity: number }>(
      `select received_quantity from "${schema}".purchase_order_line where purchase_order_id = $1`,
      [order.id],
    );
    assert.equal(line.received_quantity, 200);
    const [{ stock }] = await app.sql<{ stock: string }>(
      `select sum(quantity) as stock from "${schema}".stock_batch where product_id = $1`,
      [productId],
    );
    assert.equal(Number(stock), 200);
    await assertLedgerMatchesBalances(app, schema);
  });
});
