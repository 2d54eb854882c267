import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createProduct } from './support/catalog-fixtures.js';
import { assertProblem, createStore, createUser, provisionTenant, schemaOf, type TestTenant } from './support/fixtures.js';
import { assertLedgerMatchesBalances, inDays, receive as receiveStock } from './support/inventory-fixtures.js';
import { createSupplier, sentOrder } from './support/purchasing-fixtures.js';
import { CETIRIZINE, DOLO, enableIndiaGst } from './support/sales-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

type Caller = { tenant: string; token: string };

describe('purchasing: supplier returns and reorder suggestions', () => {
  let app: TestApp;
  let india: TestTenant;
  let other: TestTenant;
  let schema: string;
  let mumbai: string;
  let pune: string;
  let owner: Caller;
  let stranger: Caller;
  let manager: Caller;
  let pharmacist: Caller;
  let punePharmacist: Caller;
  let cashier: Caller;

  const as = (tenant: TestTenant, user: { token: string }) => ({ tenant: tenant.slug, token: user.token });
  const onHand = async (batchNo: string) =>
    (await app.sql<{ quantity: number }>(`select quantity from "${schema}".stock_batch where batch_no = $1`, [batchNo]))[0].quantity;

  before(async () => {
    app = await startTestApp();
    // A high threshold: every order here is approved on submit.
    india = await provisionTenant(app, 'ret-india', { settings: { purchaseApprovalThreshold: 1_000_000_000 } });
    other = await provisionTenant(app, 'ret-other');
    schema = await schemaOf(app, india.slug);
    mumbai = await createStore(app, india, 'MUM-1');
    pune = await createStore(app, india, 'PUN-1');
    await enableIndiaGst(app, india);
    owner = { tenant: india.slug, token: india.ownerToken };
    stranger = { tenant: other.slug, token: other.ownerToken };
    manager = as(india, await createUser(app, india, 'manager@ret.test', ['store_manager'], [mumbai]));
    pharmacist = as(india, await createUser(app, india, 'pharmacist@ret.test', ['pharmacist'], [mumbai]));
    punePharmacist = as(india, await createUser(app, india, 'pharmacist.pune@ret.test', ['pharmacist'], [pune]));
    cashier = as(india, await createUser(app, india, 'cashier@ret.test', ['cashier'], [mumbai]));
  });

  after(async () => {
    await app?.close();
  });

  describe('supplier returns', () => {
    let dolo: string;
    let supplier: string;
    let otherSupplier: string;
    let batchId: string;
    let returnId: string;

    const giveBack = (body: Record<string, unknown>, caller: Caller = pharmacist, key?: string) =>
      app.api.post(
        '/api/v1/supplier-returns',
        { storeId: mumbai, supplierId: supplier, reason: 'damaged', ...body },
        { ...caller, headers: key ? { 'idempotency-key': key } : undefined },
      );

    before(async () => {
      dolo = await createProduct(app, india, DOLO);
      supplier = await createSupplier(app, india, { name: 'Apex Pharma Distributors', returnWindowDays: 30 });
      otherSupplier = await createSupplier(app, india, { name: 'Other Distributors' });
      const order = await sentOrder(app, pharmacist, manager, {
        storeId: mumbai,
        supplierId: supplier,
        lines: [{ productId: dolo, quantity: 300, packCost: 2000, taxRate: 5 }],
      });
      const receipt = await app.api.post(
        `/api/v1/purchase-orders/${order.id}/receipts`,
        { lines: [{ productId: dolo, batchNo: 'DL-S1', expiry: inDays(300), quantity: 150, freeQuantity: 15, cost: 2000, mrp: 3400 }] },
        pharmacist,
      );
      assert.equal(receipt.status, 201, JSON.stringify(receipt.body));
      batchId = receipt.body.lines[0].batchId;
    });

    it('sends stock back through the ledger and expects a credit at the receipt cost', async () => {
      const res = await giveBack({ lines: [{ batchId, quantity: 30 }], note: 'crushed strips' }, pharmacist, 'ret-key-00001');
      assert.equal(res.status, 201, JSON.stringify(res.body));
      returnId = res.body.id;
      assert.equal(res.body.status, 'open');
      // 30 tablets = 2 strips at ₹20.00.
      assert.deepEqual(res.body.creditNote, {
        expectedAmount: 4000,
        receivedAmount: 0,
        outstanding: 4000,
        references: [],
        settledAt: null,
      });
      assert.deepEqual(
        res.body.lines.map((l: any) => [l.batchNo, l.quantity, l.cost, l.amount, l.receivedOn]),
        [['DL-S1', 30, 2000, 4000, inDays(0)]],
      );
      assert.equal(await onHand('DL-S1'), 135);
      const [movement] = await app.sql<{ kind: string; quantity: number; reason: string; reference: string }>(
        `select kind, quantity, reason, reference from "${schema}".stock_movement where batch_id = $1 and kind = 'supplier_return'`,
        [batchId],
      );
      assert.deepEqual(movement, { kind: 'supplier_return', quantity: -30, reason: 'damaged', reference: returnId });

      const replay = await giveBack({ lines: [{ batchId, quantity: 30 }], note: 'crushed strips' }, pharmacist, 'ret-key-00001');
      assert.equal(replay.status, 200);
      assert.equal(replay.body.id, returnId);
      assert.equal(await onHand('DL-S1'), 135, 'a retried return takes no more stock');
      await assertLedgerMatchesBalances(app, schema);
    });

    it('refuses batches from another supplier or from opening stock, and more than was received', async () => {
      assertProblem(await giveBack({ supplierId: otherSupplier, lines: [{ batchId, quantity: 1 }] }), 422, 'not-from-supplier');
      const [opening] = await receiveStock(app, india, mumbai, [
        { productId: dolo, batchNo: 'DL-OPEN', expiry: inDays(300), quantity: 50 },
      ]);
      assertProblem(await giveBack({ lines: [{ batchId: opening, quantity: 1 }] }), 422, 'not-from-supplier');
      const tooMany = await giveBack({ lines: [{ batchId, quantity: 136 }] });
      assertProblem(tooMany, 422, 'return-exceeds-receipts');
      assert.match(tooMany.body.detail, /Only 135 of batch DL-S1/);
      assertProblem(await giveBack({ reason: 'unwanted', lines: [{ batchId, quantity: 1 }] }), 400, 'validation-error');
      assertProblem(await giveBack({ lines: [{ batchId, quantity: 0 }] }), 400, 'validation-error');
      assertProblem(
        await giveBack({
          lines: [
            { batchId, quantity: 1 },
            { batchId, quantity: 2 },
          ],
        }),
        400,
        'validation-error',
      );
      assertProblem(await giveBack({ storeId: pune, lines: [{ batchId, quantity: 1 }] }, owner), 400, 'validation-error');
      assertProblem(await giveBack({ lines: [{ batchId, quantity: 1 }] }, cashier), 403);
      assertProblem(await giveBack({ lines: [{ batchId, quantity: 1 }] }, punePharmacist), 403);
      assert.equal(await onHand('DL-S1'), 135);
    });

    it("refuses a return outside the supplier's return window with a clear 422", async () => {
      await app.sql(`update "${schema}".goods_receipt set received_on = current_date - 31 where supplier_id = $1`, [supplier]);
      try {
        const late = await giveBack({ lines: [{ batchId, quantity: 10 }] });
        assertProblem(late, 422, 'return-window-closed');
        assert.match(late.body.detail, /within 30 days of receipt; batch DL-S1 was received on .*, 31 days ago/);
        assert.equal(await onHand('DL-S1'), 135);
      } finally {
        await app.sql(`update "${schema}".goods_receipt set received_on = current_date where supplier_id = $1`, [supplier]);
      }
    });

    it('tracks the credit note to settlement', async () => {
      assertProblem(
        await app.api.post(`/api/v1/supplier-returns/${returnId}/settlements`, { amount: 1500, creditNoteNo: 'CN-1' }, pharmacist),
        403,
      );
      const part = await app.api.post(`/api/v1/supplier-returns/${returnId}/settlements`, { amount: 1500, creditNoteNo: 'CN-1' }, manager);
      assert.equal(part.status, 201, JSON.stringify(part.body));
      assert.equal(part.body.status, 'open');
      assert.deepEqual([part.body.creditNote.receivedAmount, part.body.creditNote.outstanding], [1500, 2500]);
      assertProblem(
        await app.api.post(`/api/v1/supplier-returns/${returnId}/settlements`, { amount: 100, creditNoteNo: 'CN-1' }, manager),
        409,
        'credit-note-already-recorded',
      );
      assertProblem(
        await app.api.post(`/api/v1/supplier-returns/${returnId}/settlements`, { amount: 2501, creditNoteNo: 'CN-2' }, manager),
        422,
        'over-settlement',
      );
      const rest = await app.api.post(`/api/v1/supplier-returns/${returnId}/settlements`, { amount: 2500, creditNoteNo: 'CN-2' }, manager);
      assert.equal(rest.body.status, 'settled');
      assert.equal(rest.body.creditNote.outstanding, 0);
      assert.ok(rest.body.creditNote.settledAt);
      assert.deepEqual(
        rest.body.creditNote.references.map((r: any) => [r.creditNoteNo, r.amount]),
        [
          ['CN-1', 1500],
          ['CN-2', 2500],
        ],
      );
      assertProblem(
        await app.api.post(`/api/v1/supplier-returns/${returnId}/settlements`, { amount: 1, creditNoteNo: 'CN-3' }, manager),
        409,
        'supplier-return-settled',
      );
      assertProblem(
        await app.api.post(`/api/v1/supplier-returns/${returnId}/settlements`, { amount: 0, creditNoteNo: 'CN-4' }, manager),
        400,
      );
      const audit = await app.sql<{ action: string }>(`select action from "${schema}".audit_log where entity_id = $1 order by id`, [
        returnId,
      ]);
      assert.deepEqual(
        audit.map((a) => a.action),
        ['supplier-return.created', 'supplier-return.credit-received', 'supplier-return.settled'],
      );
      const open = await app.api.get(
        `/api/v1/supplier-returns?filter=${encodeURIComponent(JSON.stringify({ status: 'settled' }))}`,
        manager,
      );
      assert.deepEqual(
        open.body.map((r: any) => r.id),
        [returnId],
      );
    });

    it('is visible to the store and the chain only', async () => {
      assertProblem(await app.api.get(`/api/v1/supplier-returns/${returnId}`, punePharmacist), 404);
      assert.deepEqual((await app.api.get('/api/v1/supplier-returns', punePharmacist)).body, []);
      assertProblem(await app.api.get(`/api/v1/supplier-returns/${returnId}`, stranger), 404);
      assertProblem(
        await app.api.post(`/api/v1/supplier-returns/${returnId}/settlements`, { amount: 1, creditNoteNo: 'X-1' }, stranger),
        404,
      );
      assert.deepEqual((await app.api.get('/api/v1/supplier-returns', stranger)).body, []);
      assertProblem(
        await app.api.post(
          '/api/v1/supplier-returns',
          { storeId: mumbai, supplierId: supplier, reason: 'damaged', lines: [{ batchId, quantity: 1 }] },
          stranger,
        ),
        400,
      );
      assert.equal(await onHand('DL-S1'), 135);
    });
  });

  describe('reorder suggestions', () => {
    let cetirizine: string;
    let amoxy: string;
    let orphan: string;
    let fastSupplier: string;
    let slowSupplier: string;

    const suggestions = (storeId: string, caller: Caller = manager) =>
      app.api.get(`/api/v1/purchase-orders/reorder-suggestions?storeId=${storeId}`, caller);
    const run = (storeId: string, caller: Caller = manager) =>
      app.api.post('/api/v1/purchase-orders/reorder-suggestions/run', { storeId }, caller);

    before(async () => {
      cetirizine = await createProduct(app, india, { ...CETIRIZINE, reorderLevel: 100 });
      amoxy = await createProduct(app, india, {
        name: 'Amoxycillin 500 Capsule',
        packSize: 10,
        dosageForm: 'capsule',
        baseUnit: 'capsule',
      });
      orphan = await createProduct(app, india, { name: 'Orphan Syrup', packSize: 1, reorderLevel: 20 });
      await createProduct(app, india, { name: 'Quiet Balm', packSize: 1 });
      slowSupplier = await createSupplier(app, india, { name: 'Slow Wholesale', leadTimeDays: 10 });
      fastSupplier = await createSupplier(app, india, { name: 'Fast Wholesale', leadTimeDays: 2 });
      await app.api.put(`/api/v1/suppliers/${slowSupplier}/products/${cetirizine}`, { preferred: true, lastCost: 1900 }, owner);
      await app.api.put(`/api/v1/suppliers/${fastSupplier}/products/${amoxy}`, { preferred: true }, owner);
      // Amoxycillin's level is set for Mumbai only: 50 to 120 capsules.
      const levels = await app.api.put(
        '/api/v1/reorder-settings',
        { storeId: mumbai, productId: amoxy, minQuantity: 50, maxQuantity: 120 },
        manager,
      );
      assert.equal(levels.status, 200, JSON.stringify(levels.body));
      await receiveStock(app, india, mumbai, [
        { productId: cetirizine, batchNo: 'CT-1', expiry: inDays(300), quantity: 30, cost: 1800, mrp: 3550 },
      ]);
      const sale = await app.api.post(
        '/api/v1/sales',
        { storeId: mumbai, lines: [{ productId: cetirizine, quantity: 20 }], payments: [{ method: 'cash', amount: 10000 }] },
        owner,
      );
      assert.equal(sale.status, 201, JSON.stringify(sale.body));
    });

    it('suggests from levels, on-hand, on-order and 30-day velocity, in whole packs', async () => {
      const res = await suggestions(mumbai);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(
        res.body.lines.map((l: any) => [
          l.productName,
          l.onHand,
          l.onOrder,
          l.soldLast30Days,
          l.reorderPoint,
          l.target,
          l.suggestedQuantity,
          l.supplierName,
          l.packCost,
        ]),
        [
          ['Amoxycillin 500 Capsule', 0, 0, 0, 50, 120, 120, 'Fast Wholesale', 0],
          // 10 left, 20 sold: min 100, max 2 × 100; 190 tablets = 19 strips from the preferred supplier at its last cost.
          ['Cetirizine 10 Tablet', 10, 0, 20, 100, 200, 190, 'Slow Wholesale', 1900],
          ['Orphan Syrup', 0, 0, 0, 20, 40, 40, null, 0],
        ],
      );
    });

    it('drafts one purchase order per preferred supplier, once per store and day', async () => {
      const first = await run(mumbai);
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.equal(first.body.alreadyRan, false);
      assert.equal(first.body.created.length, 2);
      assert.deepEqual(
        first.body.orders
          .map((o: any) => [o.supplierName, o.status, o.reorderDate, o.lines.map((l: any) => [l.productId, l.quantity, l.packCost])])
          .sort(),
        [
          ['Fast Wholesale', 'draft', inDays(0), [[amoxy, 120, 0]]],
          ['Slow Wholesale', 'draft', inDays(0), [[cetirizine, 190, 1900]]],
        ],
      );
      assert.deepEqual(
        first.body.withoutPreferredSupplier.map((l: any) => l.productId),
        [orphan],
      );
      const again = await run(mumbai);
      assert.equal(again.body.alreadyRan, true);
      assert.deepEqual(again.body.created, []);
      assert.deepEqual(again.body.orders.map((o: any) => o.id).sort(), first.body.created.sort());
      const [count] = await app.sql<{ n: string }>(
        `select count(*) as n from "${schema}".purchase_order where store_id = $1 and reorder_date is not null`,
        [mumbai],
      );
      assert.equal(count.n, '2');

      const after = await suggestions(mumbai);
      assert.deepEqual(
        after.body.lines.map((l: any) => l.productName),
        ['Orphan Syrup'],
        'drafted quantities count as on order',
      );
    });

    it('two runs of the same store and day at once draft once', async () => {
      const results = await Promise.all([run(pune, owner), run(pune, owner)]);
      assert.deepEqual(
        results.map((r) => r.status),
        [201, 201],
      );
      assert.deepEqual(results.map((r) => r.body.alreadyRan).sort(), [false, true]);
      const [count] = await app.sql<{ n: string }>(`select count(*) as n from "${schema}".purchase_order where store_id = $1`, [pune]);
      assert.equal(count.n, '1', 'Pune has no Amoxycillin level of its own, so only Cetirizine is drafted');
    });

    it('keeps to the store and the chain, and refuses bad input', async () => {
      assertProblem(await suggestions(mumbai, punePharmacist), 403);
      assertProblem(await run(mumbai, pharmacist), 403);
      assertProblem(await suggestions(mumbai, cashier), 403);
      assertProblem(await suggestions(mumbai, stranger), 400);
      assertProblem(await run(mumbai, stranger), 400);
      assertProblem(await app.api.get('/api/v1/purchase-orders/reorder-suggestions', manager), 400);
      assertProblem(
        await app.api.post('/api/v1/purchase-orders/reorder-suggestions/run', { storeId: mumbai, date: '2026-13-01' }, manager),
        400,
      );
      assertProblem(
        await app.api.put('/api/v1/reorder-settings', { storeId: mumbai, productId: amoxy, minQuantity: 50, maxQuantity: 10 }, manager),
        400,
      );
      assertProblem(
        await app.api.put('/api/v1/reorder-settings', { storeId: pune, productId: amoxy, minQuantity: 5, maxQuantity: 10 }, manager),
        403,
      );
    });
  });
});
