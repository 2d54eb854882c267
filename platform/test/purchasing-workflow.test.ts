import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { tenantWorkflowId } from '@dawa/workflows';
import { TemporalRuntime } from '../src/workflows-runtime/temporal-runtime.js';
import { createProduct } from './support/catalog-fixtures.js';
import { assertProblem, createStore, createUser, provisionTenant, schemaOf, type TestTenant } from './support/fixtures.js';
import { assertLedgerMatchesBalances, inDays } from './support/inventory-fixtures.js';
import { createSupplier } from './support/purchasing-fixtures.js';
import { DOLO } from './support/sales-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

type Caller = { tenant: string; token: string };

/** Polls until `check` returns a value (not undefined); fails after ~20 s. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await check();
    if (value !== undefined) return value;
    await sleep(50);
  }
  assert.fail(`never happened: ${what}`);
}

describe('purchase orders driven by their Temporal workflow', () => {
  let app: TestApp;
  let india: TestTenant;
  let quick: TestTenant;
  let mumbai: string;
  let dolo: string;
  let supplier: string;
  let pharmacist: Caller;
  let manager: Caller;

  const order = (caller: Caller, id: string) => app.api.get(`/api/v1/purchase-orders/${id}`, caller);
  const stage = async (caller: Caller, id: string, expected: string) =>
    eventually(`order ${id} at ${expected}`, async () => {
      const res = await app.api.get(`/api/v1/purchase-orders/${id}/progress`, caller);
      return res.status === 200 && res.body.stage === expected ? res.body : undefined;
    });
  const status = (caller: Caller, id: string, expected: string) =>
    eventually(`order ${id} ${expected}`, async () => {
      const res = await order(caller, id);
      return res.body.status === expected ? res.body : undefined;
    });
  const doloBatch = (batchNo: string, quantity: number) => ({
    productId: dolo,
    batchNo,
    expiry: inDays(400),
    quantity,
    cost: 2000,
    mrp: 3400,
  });

  before(async () => {
    app = await startTestApp();
    india = await provisionTenant(app, 'wf-buy', { settings: { purchaseApprovalThreshold: 100000 } });
    mumbai = await createStore(app, india, 'MUM-1');
    pharmacist = { tenant: india.slug, ...(await createUser(app, india, 'pharmacist@wf-buy.test', ['pharmacist'], [mumbai])) };
    manager = { tenant: india.slug, ...(await createUser(app, india, 'manager@wf-buy.test', ['store_manager'], [mumbai])) };
    dolo = await createProduct(app, india, DOLO);
    supplier = await createSupplier(app, india, { name: 'Workflow Distributors', phone: '+919800000001' });
  });
  after(async () => {
    await app?.close();
  });

  it("waits for a manager's approval, sends the order itself, waits for goods and the invoice's approval, and closes", async () => {
    const schema = await schemaOf(app, india.slug);
    const draft = await app.api.post(
      '/api/v1/purchase-orders',
      { storeId: mumbai, supplierId: supplier, lines: [{ productId: dolo, quantity: 600, packCost: 2500, taxRate: 5 }] },
      pharmacist,
    );
    const id = draft.body.id;
    await app.api.post(`/api/v1/purchase-orders/${id}/submit`, undefined, pharmacist);
    await stage(pharmacist, id, 'awaiting_approval');
    assert.equal((await order(pharmacist, id)).body.status, 'pending_approval');

    const approved = await app.api.post(`/api/v1/purchase-orders/${id}/approve`, {}, manager);
    assert.equal(approved.status, 201, JSON.stringify(approved.body));
    // Nobody calls send: the workflow does, once approved.
    const sent = await status(pharmacist, id, 'sent');
    await stage(pharmacist, id, 'awaiting_goods');
    const [{ n: events }] = await app.sql<{ n: string }>(
      `select count(*) as n from "${schema}".outbox_event where topic = 'notification.purchase-order-sent' and payload->>'purchaseOrderId' = $1`,
      [id],
    );
    assert.equal(events, '1');
    const [sendAudit] = await app.sql<{ actor_type: string; actor_label: string }>(
      `select actor_type, actor_label from "${schema}".audit_log where entity_id = $1 and action = 'purchase-order.sent'`,
      [id],
    );
    assert.equal(sendAudit.actor_type, 'system');
    assert.match(sendAudit.actor_label, new RegExp(`${india.id}/purchase-order/${id}`));

    await app.api.post(`/api/v1/purchase-orders/${id}/receipts`, { lines: [doloBatch('WF-1', 300)] }, pharmacist);
    await stage(pharmacist, id, 'awaiting_goods');
    await app.api.post(`/api/v1/purchase-orders/${id}/receipts`, { lines: [doloBatch('WF-2', 300)] }, pharmacist);
    await stage(pharmacist, id, 'awaiting_invoice');

    // ₹26.00 a strip against ₹25.00 ordered: 4 % over the 1 % tolerance.
    const invoice = await app.api.post(
      `/api/v1/purchase-orders/${id}/invoice`,
      { invoiceNo: 'WD-1', invoiceDate: inDays(0), lines: [{ productId: dolo, quantity: 600, packCost: 2600, tax: 5200 }] },
      manager,
    );
    assert.equal(invoice.body.matchStatus, 'mismatch', JSON.stringify(invoice.body));
    await sleep(300);
    assert.equal((await app.api.get(`/api/v1/purchase-orders/${id}/progress`, pharmacist)).body.stage, 'awaiting_invoice');
    await app.api.post(`/api/v1/purchase-orders/${id}/invoice/approve`, { note: 'price rise accepted' }, manager);
    const done = await stage(pharmacist, id, 'done');
    assert.equal(done.facts.status, 'closed');
    assert.equal(sent.poNumber, (await order(pharmacist, id)).body.poNumber);
    await assertLedgerMatchesBalances(app, schema);
  });

  it("cancels what did not arrive once the chain's receipt timeout has passed", async () => {
    // Three seconds instead of the usual days: the same timer in the workflow.
    quick = await provisionTenant(app, 'wf-quick', {
      settings: { purchaseApprovalThreshold: 1_000_000_000, unreceivedCancelAfterDays: 3 / 86400 },
    });
    const owner = { tenant: quick.slug, token: quick.ownerToken };
    const store = await createStore(app, quick, 'QCK-1');
    const product = await createProduct(app, quick, { name: 'Quick Tablet', packSize: 10 });
    const quickSupplier = await createSupplier(app, quick, { name: 'Quick Distributors' });
    const draft = await app.api.post(
      '/api/v1/purchase-orders',
      { storeId: store, supplierId: quickSupplier, lines: [{ productId: product, quantity: 100, packCost: 500 }] },
      owner,
    );
    const id = draft.body.id;
    await app.api.post(`/api/v1/purchase-orders/${id}/submit`, undefined, owner);
    await status(owner, id, 'sent');
    const receipt = await app.api.post(
      `/api/v1/purchase-orders/${id}/receipts`,
      { lines: [{ productId: product, batchNo: 'Q-1', expiry: inDays(400), quantity: 40, cost: 500, mrp: 900 }] },
      owner,
    );
    assert.equal(receipt.status, 201, JSON.stringify(receipt.body));
    const received = await status(owner, id, 'received');
    assert.deepEqual([received.lines[0].receivedQuantity, received.lines[0].cancelledQuantity], [40, 60]);
    await stage(owner, id, 'awaiting_invoice');
    await app.api.post(
      `/api/v1/purchase-orders/${id}/invoice`,
      { invoiceNo: 'Q-INV-1', invoiceDate: inDays(0), lines: [{ productId: product, quantity: 40, packCost: 500, tax: 0 }] },
      owner,
    );
    assert.equal((await stage(owner, id, 'done')).facts.status, 'closed');
  });

  it("answers progress only for the caller's own orders", async () => {
    const draft = await app.api.post(
      '/api/v1/purchase-orders',
      { storeId: mumbai, supplierId: supplier, lines: [{ productId: dolo, quantity: 15, packCost: 2500 }] },
      pharmacist,
    );
    await app.api.post(`/api/v1/purchase-orders/${draft.body.id}/submit`, undefined, pharmacist);
    assertProblem(
      await app.api.get(`/api/v1/purchase-orders/${draft.body.id}/progress`, { tenant: quick.slug, token: quick.ownerToken }),
      404,
    );
  });

  describe('the nightly reorder schedule', () => {
    it('is set per tenant, drafts the expected lines when it runs, and drafts nothing more when it runs again', async () => {
      const owner = { tenant: india.slug, token: india.ownerToken };
      const schema = await schemaOf(app, india.slug);
      const strip = await createProduct(app, india, { name: 'Reorder Strip', packSize: 10, reorderLevel: 50 });
      await app.api.put(`/api/v1/suppliers/${supplier}/products/${strip}`, { preferred: true, lastCost: 700 }, owner);

      assertProblem(await app.api.put('/api/v1/purchase-orders/reorder-schedule', { enabled: true, hour: 2 }, manager), 403);
      const fresh = (await app.api.get('/api/v1/purchase-orders/reorder-schedule', owner)).body;
      assert.deepEqual([fresh.enabled, fresh.hour, fresh.timezone], [true, 2, 'Asia/Kolkata'], 'a new chain runs it nightly at 02:00');
      const set = await app.api.put('/api/v1/purchase-orders/reorder-schedule', { enabled: true, hour: 4 }, owner);
      assert.equal(set.status, 200, JSON.stringify(set.body));
      assert.deepEqual([set.body.enabled, set.body.hour, set.body.timezone], [true, 4, 'Asia/Kolkata']);
      assert.ok(set.body.nextRunAt);

      const schedule = app.platform.app.get(TemporalRuntime).client.schedule.getHandle(tenantWorkflowId(india.id, 'reorder', 'nightly'));
      const drafts = async () =>
        app.sql<{ supplier_id: string; product_id: string; quantity: number; pack_cost: string }>(
          `select po.supplier_id, l.product_id, l.quantity, l.pack_cost from "${schema}".purchase_order po
           join "${schema}".purchase_order_line l on l.purchase_order_id = po.id where po.reorder_date is not null and l.product_id = $1`,
          [strip],
        );
      const client = app.platform.app.get(TemporalRuntime).client;
      /** Triggers the schedule now and waits for that run's result. */
      const runNow = async (nth: number) => {
        await schedule.trigger();
        const action = await eventually(`scheduled run ${nth} starts`, async () => (await schedule.describe()).info.recentActions[nth]);
        return (await client.workflow.getHandle(action.action.workflow.workflowId).result()) as Array<{ storeId: string; created: number }>;
      };
      const first = await runNow(0);
      assert.deepEqual(
        first.map((r) => [r.storeId, r.created]),
        [[mumbai, 1]],
      );
      const lines = await drafts();
      assert.deepEqual(
        lines.map((l) => [l.supplier_id, l.quantity, Number(l.pack_cost)]),
        [[supplier, 100, 700]],
      );
      const second = await runNow(1);
      assert.deepEqual(
        second.map((r) => [r.storeId, r.created]),
        [[mumbai, 0]],
      );
      assert.equal((await drafts()).length, 1, 'the same day is drafted once');

      const off = await app.api.put('/api/v1/purchase-orders/reorder-schedule', { enabled: false }, owner);
      assert.equal(off.body.enabled, false);
      assert.equal((await app.api.get('/api/v1/purchase-orders/reorder-schedule', owner)).body.enabled, false);
      assert.deepEqual(
        (await app.api.get('/api/v1/purchase-orders/reorder-schedule', { tenant: quick.slug, token: quick.ownerToken })).body.hour,
        2,
        'another chain keeps its own schedule',
      );
    });
  });
});
