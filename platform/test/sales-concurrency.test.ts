import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ApiClient } from './support/api-client.js';
import { startSiblingProcess, type ApiProcess } from './support/api-process.js';
import { createProduct } from './support/catalog-fixtures.js';
import { createStore, provisionTenant, schemaOf, type TestTenant } from './support/fixtures.js';
import { assertLedgerMatchesBalances, inDays, receive } from './support/inventory-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('200 simultaneous sales of the last 50 units, through two API processes', () => {
  let app: TestApp;
  let second: ApiProcess;
  let t: TestTenant;

  before(async () => {
    app = await startTestApp();
    second = await startSiblingProcess(app);
    t = await provisionTenant(app, 'rush-chain');
  });
  after(async () => {
    await second?.stop();
    await app?.close();
  });

  it('sells exactly 50, numbers invoices without gaps or duplicates, and keeps the ledger whole', async () => {
    const storeId = await createStore(app, t, 'RUSH-1');
    const product = await createProduct(app, t, { name: 'Last Strips Tablet', packSize: 1, mrp: 1000 });
    await receive(app, t, storeId, [
      { productId: product, batchNo: 'L-1', expiry: inDays(100), quantity: 20, mrp: 1000 },
      { productId: product, batchNo: 'L-2', expiry: inDays(300), quantity: 30, mrp: 1000 },
    ]);
    const clients = [app.api, new ApiClient(second.url)];
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        clients[i % 2].post(
          '/api/v1/sales',
          { storeId, lines: [{ productId: product, quantity: 1 }], payments: [{ method: 'cash', amount: 1000 }] },
          { tenant: t.slug, token: t.ownerToken, headers: { 'idempotency-key': `rush-${i}-key` } },
        ),
      ),
    );
    const statuses = results.map((r) => r.status);
    assert.equal(statuses.filter((s) => s === 201).length, 50, `statuses: ${[...new Set(statuses)].join(',')}`);
    assert.equal(statuses.filter((s) => s === 409).length, 150);
    const numbers = results
      .filter((r) => r.status === 201)
      .map((r) => Number(r.body.invoiceNo.split('/')[2]))
      .sort((a, b) => a - b);
    assert.deepEqual(
      numbers,
      Array.from({ length: 50 }, (_, i) => i + 1),
      'invoice numbers 1..50, no gap, no duplicate',
    );
    const schema = await schemaOf(app, t.slug);
    const [{ sold }] = await app.sql<{ sold: string }>(`select -sum(quantity) as sold from "${schema}".stock_movement where kind = 'sale'`);
    assert.equal(Number(sold), 50);
    await assertLedgerMatchesBalances(app, schema);
  });
});
