import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { startWorkerProcess, type WorkerProcess } from './support/api-process.js';
import { createProduct } from './support/catalog-fixtures.js';
import { createStore, provisionTenant, schemaOf } from './support/fixtures.js';
import { assertLedgerMatchesBalances, inDays } from './support/inventory-fixtures.js';
import { createSupplier } from './support/purchasing-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('a purchase order whose worker dies mid-step', () => {
  let app: TestApp;
  let worker: WorkerProcess | undefined;
  before(async () => {
    app = await startTestApp({}, undefined, undefined, { worker: false });
  });
  after(async () => {
    await worker?.kill();
    await app?.close();
  });

  it('is finished by another worker: the order is sent once, its goods received once', async () => {
    // The worker that will die also provisions the tenant: the test process runs none until it has.
    worker = startWorkerProcess(app);
    const tenant = await provisionTenant(app, 'wf-buy-crash', { settings: { purchaseApprovalThreshold: 1_000_000_000 } });
    const owner = { tenant: tenant.slug, token: tenant.ownerToken };
    const schema = await schemaOf(app, tenant.slug);
    const store = await createStore(app, tenant, 'CRS-1');
    const product = await createProduct(app, tenant, { name: 'Crash Tablet', packSize: 10 });
    const supplier = await createSupplier(app, tenant, { name: 'Crash Distributors', phone: '+919800000002' });
    const draft = await app.api.post(
      '/api/v1/purchase-orders',
      { storeId: store, supplierId: supplier, lines: [{ productId: product, quantity: 100, packCost: 500 }] },
      owner,
    );
    const id = draft.body.id;

    // Holding this lock makes the send step wait inside its transaction, after marking the order sent and before
    // queueing the supplier's SMS: the moment the worker dies.
    const blocker = new pg.Client({ connectionString: app.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query(`lock table "${schema}".outbox_event in exclusive mode`);
      const submitted = await app.api.post(`/api/v1/purchase-orders/${id}/submit`, undefined, owner);
      assert.equal(submitted.body.status, 'approved');
      for (let i = 0; ; i++) {
        const waiting = await blocker.query(
          `select 1 from pg_stat_activity a join pg_locks l on l.pid = a.pid
           where not l.granted and a.query ilike '%insert into%outbox_event%' and a.datname = current_database()`,
        );
        if (waiting.rowCount) break;
        if (i > 600) assert.fail('the worker process never reached the send step');
        await sleep(50);
      }
      await worker.kill();
      await blocker.query('commit');
    } finally {
      await blocker.end();
    }
    assert.equal(
      (await app.api.get(`/api/v1/purchase-orders/${id}`, owner)).body.status,
      'approved',
      'the dead attempt left nothing behind',
    );

    // Goods arrive while no worker runs: the API records them and the signals wait in Temporal.
    const receipt = await app.api.post(
      `/api/v1/purchase-orders/${id}/receipts`,
      { lines: [{ productId: product, batchNo: 'CR-1', expiry: inDays(400), quantity: 100, cost: 500, mrp: 900 }] },
      owner,
    );
    assert.equal(receipt.status, 409, 'an order not yet sent takes no goods');

    await app.platform.startWorker();
    for (let i = 0; (await app.api.get(`/api/v1/purchase-orders/${id}`, owner)).body.status !== 'sent'; i++) {
      if (i > 600) assert.fail('the order was never sent by the second worker');
      await sleep(50);
    }
    const goods = await app.api.post(
      `/api/v1/purchase-orders/${id}/receipts`,
      { lines: [{ productId: product, batchNo: 'CR-1', expiry: inDays(400), quantity: 100, cost: 500, mrp: 900 }] },
      { ...owner, headers: { 'idempotency-key': 'crash-receipt-1' } },
    );
    assert.equal(goods.status, 201, JSON.stringify(goods.body));
    await app.api.post(
      `/api/v1/purchase-orders/${id}/invoice`,
      { invoiceNo: 'CR-INV', invoiceDate: inDays(0), lines: [{ productId: product, quantity: 100, packCost: 500, tax: 0 }] },
      owner,
    );
    for (let i = 0; ; i++) {
      const progress = await app.api.get(`/api/v1/purchase-orders/${id}/progress`, owner);
      if (progress.status === 200 && progress.body.stage === 'done') break;
      if (i > 600) assert.fail(`the workflow never finished: ${JSON.stringify(progress.body)}`);
      await sleep(50);
    }
    const count = async (sql: string) => Number((await app.sql<{ n: string }>(`select count(*) as n from ${sql}`, [id]))[0].n);
    assert.equal(
      await count(`"${schema}".outbox_event where topic = 'notification.purchase-order-sent' and payload->>'purchaseOrderId' = $1`),
      1,
    );
    assert.equal(await count(`"${schema}".audit_log where action = 'purchase-order.sent' and entity_id = $1`), 1);
    assert.equal(await count(`"${schema}".goods_receipt where purchase_order_id = $1`), 1);
    const [{ quantity }] = await app.sql<{ quantity: number }>(`select quantity from "${schema}".stock_batch where batch_no = 'CR-1'`);
    assert.equal(quantity, 100);
    await assertLedgerMatchesBalances(app, schema);
  });
});
