import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient } from './support/api-client.js';
import { startSiblingProcess, type ApiProcess } from './support/api-process.js';
import { createProduct } from './support/catalog-fixtures.js';
import { createStore, provisionTenant, schemaOf, type TestTenant } from './support/fixtures.js';
import { assertLedgerMatchesBalances, inDays, receive } from './support/inventory-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('stock under concurrency, through two API processes', () => {
  let app: TestApp;
  let second: ApiProcess;
  let clients: ApiClient[];
  let t: TestTenant;
  let schema: string;
  let storeId: string;
  let otherStore: string;

  before(async () => {
    app = await startTestApp();
    // A second, separate API process on the same database, signing tokens with the same key.
    second = await startSiblingProcess(app);
    clients = [app.api, new ApiClient(second.url)];
    t = await provisionTenant(app, 'race-chain');
    schema = await schemaOf(app, t.slug);
    storeId = await createStore(app, t, 'RACE-1');
    otherStore = await createStore(app, t, 'RACE-2');
  });
  after(async () => {
    await second?.stop();
    await app?.close();
  });

  const fire = (count: number, send: (client: ApiClient, i: number) => Promise<{ status: number }>) =>
    Promise.all(Array.from({ length: count }, (_, i) => send(clients[i % 2], i)));

  it('lets exactly as many of 100 simultaneous draw-downs succeed as there are units, and no more', async () => {
    const product = await createProduct(app, t, { name: 'Race Tablet' });
    const [batch] = await receive(app, t, storeId, [{ productId: product, batchNo: 'RACE-A', expiry: inDays(365), quantity: 60 }]);
    const results = await fire(100, (client) =>
      client.post(
        '/api/v1/stock/adjustments',
        { storeId, batchId: batch, delta: -1, reason: 'damaged' },
        { tenant: t.slug, token: t.ownerToken },
      ),
    );
    const statuses = results.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 60);
    assert.equal(statuses.filter((s) => s === 409).length, 40, `every other answer is a 409: ${[...new Set(statuses)]}`);
    const [row] = await app.sql<{ quantity: number }>(`select quantity from "${schema}".stock_batch where id = $1`, [batch]);
    assert.equal(row.quantity, 0);
    await assertLedgerMatchesBalances(app, schema);
  });

  it('never double-allocates batches when 100 transfers race for 60 units across three batches', async () => {
    const product = await createProduct(app, t, { name: 'Race Syrup', dosageForm: 'syrup', baseUnit: 'ml', packSize: 1 });
    await receive(app, t, storeId, [
      { productId: product, batchNo: 'RS-1', expiry: inDays(100), quantity: 20 },
      { productId: product, batchNo: 'RS-2', expiry: inDays(200), quantity: 20 },
      { productId: product, batchNo: 'RS-3', expiry: inDays(300), quantity: 20 },
    ]);
    const results = await fire(100, (client) =>
      client.post(
        '/api/v1/stock/transfers',
        { fromStoreId: storeId, toStoreId: otherStore, lines: [{ productId: product, quantity: 1 }] },
        { tenant: t.slug, token: t.ownerToken },
      ),
    );
    assert.equal(results.filter((r) => r.status === 201).length, 60);
    assert.equal(results.filter((r) => r.status === 409).length, 40);
    const sentPerBatch = await app.sql<{ batch_no: string; sent: string }>(
      `select b.batch_no, -sum(m.quantity) as sent from "${schema}".stock_movement m join "${schema}".stock_batch b on b.id = m.batch_id
       where m.kind = 'transfer_out' and b.product_id = $1 group by b.batch_no order by b.batch_no`,
      [product],
    );
    assert.deepEqual(
      sentPerBatch.map((r) => [r.batch_no, Number(r.sent)]),
      [
        ['RS-1', 20],
        ['RS-2', 20],
        ['RS-3', 20],
      ],
    );
    await assertLedgerMatchesBalances(app, schema);
  });
});
