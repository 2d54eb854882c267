import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { OutboxDispatcher } from '../src/outbox/outbox-dispatcher.js';
import { TenantRegistry } from '../src/tenancy/tenant-registry.service.js';
import { smsRecorder } from './fixtures/plugins/sms-recorder-fixture.js';
import { listQuery } from './support/api-client.js';
import { createProduct } from './support/catalog-fixtures.js';
import { assertProblem, createStore, createUser, provisionTenant, schemaOf, type TestTenant } from './support/fixtures.js';
import { assertLedgerMatchesBalances, inDays } from './support/inventory-fixtures.js';
import { createSupplier, sentOrder } from './support/purchasing-fixtures.js';
import { DOLO, INSULIN } from './support/sales-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

type Caller = { tenant: string; token: string };

const recorderPlugin = fileURLToPath(new URL('./fixtures/plugins/sms-recorder-fixture.js', import.meta.url));

describe('purchasing: suppliers, purchase orders, goods receipts, supplier invoices', () => {
  let app: TestApp;
  let india: TestTenant;
  let other: TestTenant;
  let schema: string;
  let mumbai: string;
  let pune: string;
  let dolo: string;
  let insulin: string;
  let supplier: string;
  let owner: Caller;
  let manager: Caller & { id: string };
  let deputy: Caller;
  let pharmacist: Caller;
  let punePharmacist: Caller;
  let cashier: Caller;
  let auditor: Caller;

  const as = (tenant: TestTenant, user: { token: string; id?: string }) => ({ tenant: tenant.slug, token: user.token, id: user.id! });
  const onHand = async (productId: string) =>
    Number(
      (
        await app.sql<{ n: string }>(
          `select coalesce(sum(quantity), 0) as n from "${schema}".stock_batch where product_id = $1 and store_id = $2`,
          [productId, mumbai],
        )
      )[0].n,
    );
  const orderLines = (quantity = 300) => [
    { productId: dolo, quantity, packCost: 2000, taxRate: 5 },
    { productId: insulin, quantity: 10, packCost: 12000, taxRate: 0 },
  ];
  const receive = (orderId: string, lines: unknown[], caller: Caller = pharmacist, key?: string) =>
    app.api.post(
      `/api/v1/purchase-orders/${orderId}/receipts`,
      { lines },
      { ...caller, headers: key ? { 'idempotency-key': key } : undefined },
    );
  const doloBatch = (batchNo: string, quantity: number, extra: Record<string, unknown> = {}) => ({
    productId: dolo,
    batchNo,
    expiry: inDays(400),
    quantity,
    cost: 2000,
    mrp: 3400,
    ...extra,
  });

  before(async () => {
    app = await startTestApp({ DAWA_PLUGIN_PATHS: recorderPlugin });
    // Orders above ₹1,000.00 need a manager's approval; goods need 90 days of shelf life.
    india = await provisionTenant(app, 'buy-india', { settings: { purchaseApprovalThreshold: 100000, minimumShelfLifeDays: 90 } });
    other = await provisionTenant(app, 'buy-other');
    schema = await schemaOf(app, india.slug);
    mumbai = await createStore(app, india, 'MUM-1');
    pune = await createStore(app, india, 'PUN-1');
    owner = { tenant: india.slug, token: india.ownerToken };
    const sms = await app.api.put('/api/v1/plugins/sms-recorder-fixture', { enabled: true, config: {} }, owner);
    assert.equal(sms.status, 200, JSON.stringify(sms.body));
    manager = as(india, await createUser(app, india, 'manager@buy.test', ['store_manager'], [mumbai]));
    deputy = as(india, await createUser(app, india, 'deputy@buy.test', ['store_manager'], [mumbai]));
    pharmacist = as(india, await createUser(app, india, 'pharmacist@buy.test', ['pharmacist'], [mumbai]));
    punePharmacist = as(india, await createUser(app, india, 'pharmacist.pune@buy.test', ['pharmacist'], [pune]));
    cashier = as(india, await createUser(app, india, 'cashier@buy.test', ['cashier'], [mumbai]));
    auditor = as(india, await createUser(app, india, 'auditor@buy.test', ['auditor']));
    dolo = await createProduct(app, india, DOLO);
    insulin = await createProduct(app, india, INSULIN);
    supplier = await createSupplier(app, india, {
      name: 'Mahalaxmi Distributors',
      taxId: '27AABCM1234F1Z5',
      phone: '+919812345678',
      returnWindowDays: 60,
      leadTimeDays: 3,
    });
  });

  after(async () => {
    await app?.close();
  });

  describe('suppliers', () => {
    it('are checked by country, unique by name, listed in the list dialect, and read-only below the owner', async () => {
      const badGstin = await app.api.post('/api/v1/suppliers', { name: 'Bad GST', taxId: 'P051234567Q' }, owner);
      assertProblem(badGstin, 400, 'validation-error');
      assert.equal(badGstin.body.errors[0].field, 'taxId');
      assertProblem(await app.api.post('/api/v1/suppliers', { name: 'mahalaxmi distributors' }, owner), 409, 'supplier-exists');

      const list = await app.api.get(`/api/v1/suppliers${listQuery({ filter: { q: 'maha' } })}`, pharmacist);
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.body.map((s: any) => [s.name, s.taxId, s.returnWindowDays, s.leadTimeDays, s.paymentTermsDays]),
        [['Mahalaxmi Distributors', '27AABCM1234F1Z5', 60, 3, 30]],
      );
      assert.equal(list.headers.get('content-range'), 'suppliers 0-0/1');
      assertProblem(await app.api.post('/api/v1/suppliers', { name: 'By a pharmacist' }, pharmacist), 403);
      assertProblem(await app.api.get('/api/v1/suppliers', cashier), 403);

      const extra = await createSupplier(app, india, { name: 'Short-lived Traders' });
      const removed = await app.api.delete(`/api/v1/suppliers/${extra}`, owner);
      assert.equal(removed.status, 200);
      assert.equal(removed.body.active, false, 'deleting a supplier deactivates it; its history stays');
      const draftForInactive = await app.api.post(
        '/api/v1/purchase-orders',
        { storeId: mumbai, supplierId: extra, lines: orderLines() },
        pharmacist,
      );
      assertProblem(draftForInactive, 400, 'validation-error');
    });

    it('record which products a supplier sells, with one preferred supplier per product', async () => {
      const second = await createSupplier(app, india, { name: 'Second Source' });
      for (const id of [supplier, second]) {
        const res = await app.api.put(
          `/api/v1/suppliers/${id}/products/${dolo}`,
          { supplierSku: `SKU-${id.slice(0, 4)}`, preferred: true },
          owner,
        );
        assert.equal(res.status, 200, JSON.stringify(res.body));
      }
      const [first] = (await app.api.get(`/api/v1/suppliers/${supplier}/products`, owner)).body;
      const [latest] = (await app.api.get(`/api/v1/suppliers/${second}/products`, owner)).body;
      assert.equal(first.preferred, false, 'the earlier preference moved to the new supplier');
      assert.equal(latest.preferred, true);
    });
  });

  describe('approval', () => {
    it('approves an order at or below the threshold on submit and numbers orders gap-free per store', async () => {
      const a = await app.api.post('/api/v1/purchase-orders', { storeId: mumbai, supplierId: supplier, lines: orderLines() }, pharmacist);
      assert.equal(a.status, 201, JSON.stringify(a.body));
      assert.equal(a.body.status, 'draft');
      assert.equal(a.body.poNumber, null, 'drafts take no number');
      // 300 tablets = 20 strips × ₹20.00 = ₹400.00 + 5 % GST ₹20.00, and 10 nil-rated vials × ₹120.00: ₹1,620.00.
      assert.deepEqual([a.body.subtotal, a.body.tax, a.body.total], [160000, 2000, 162000]);

      const small = await app.api.post(
        '/api/v1/purchase-orders',
        { storeId: mumbai, supplierId: supplier, lines: [orderLines()[0]] },
        pharmacist,
      );
      const submitted = await app.api.post(`/api/v1/purchase-orders/${small.body.id}/submit`, undefined, pharmacist);
      assert.equal(submitted.status, 201, JSON.stringify(submitted.body));
      assert.equal(submitted.body.status, 'approved', '₹420.00 is under the ₹1,000.00 threshold');
      assert.equal(submitted.body.approvalRequired, false);
      assert.match(submitted.body.poNumber, /^POS\d\d\/\d{4}\/000001$/);
      const again = await app.api.post(`/api/v1/purchase-orders/${small.body.id}/submit`, undefined, pharmacist);
      assertProblem(again, 409, 'purchase-order-status');

      const big = await app.api.post(`/api/v1/purchase-orders/${a.body.id}/submit`, undefined, manager);
      assert.equal(big.body.status, 'pending_approval');
      assert.match(big.body.poNumber, /\/000002$/);
    });

    it('needs a store manager other than the submitter above the threshold', async () => {
      const draft = await app.api.post('/api/v1/purchase-orders', { storeId: mumbai, supplierId: supplier, lines: orderLines() }, manager);
      await app.api.post(`/api/v1/purchase-orders/${draft.body.id}/submit`, undefined, manager);
      assertProblem(await app.api.post(`/api/v1/purchase-orders/${draft.body.id}/send`, undefined, manager), 409, 'purchase-order-status');
      assertProblem(await app.api.post(`/api/v1/purchase-orders/${draft.body.id}/approve`, {}, manager), 403, 'self-approval');
      assertProblem(await app.api.post(`/api/v1/purchase-orders/${draft.body.id}/approve`, {}, pharmacist), 403);
      const approved = await app.api.post(`/api/v1/purchase-orders/${draft.body.id}/approve`, { note: 'monsoon stock' }, deputy);
      assert.equal(approved.status, 201, JSON.stringify(approved.body));
      assert.equal(approved.body.status, 'approved');
      const audit = await app.sql<{ action: string; actor_id: string }>(
        `select action, actor_id from "${schema}".audit_log where entity_id = $1 order by id`,
        [draft.body.id],
      );
      assert.deepEqual(
        audit.map((a) => a.action),
        ['purchase-order.drafted', 'purchase-order.submitted', 'purchase-order.approved'],
      );
      assertProblem(
        await app.api.post('/api/v1/purchase-orders', { storeId: mumbai, supplierId: supplier, lines: orderLines() }, cashier),
        403,
      );
    });

    it('sends the order to the supplier by SMS once, however often it is sent or delivered', async () => {
      const deliver = async () =>
        app.platform.app
          .get(OutboxDispatcher)
          .drain((await app.platform.app.get(TenantRegistry).bySlug(india.slug))!, { ignoreBackoff: true });
      const order = await sentOrder(app, pharmacist, manager, { storeId: mumbai, supplierId: supplier, lines: orderLines() });
      await deliver();
      const again = await app.api.post(`/api/v1/purchase-orders/${order.id}/send`, undefined, pharmacist);
      assert.equal(again.status, 201);
      assert.equal(again.body.status, 'sent');
      await deliver();
      const sent = smsRecorder.to('+919812345678').filter((m) => m.body.includes(order.poNumber));
      assert.equal(sent.length, 1, JSON.stringify(smsRecorder.sent));
      assert.equal(
        sent[0].body,
        `Chain buy-india: purchase order ${order.poNumber} for Mahalaxmi Distributors: Dolo 650 Tablet x20 packs; Human Insulin Vial x10 packs. Total INR 1620.00. Deliver to Store MUM-1, MUM-1 Road.`,
      );
    });
  });

  describe('goods receipts', () => {
    let order: any;

    before(async () => {
      order = await sentOrder(app, pharmacist, manager, { storeId: mumbai, supplierId: supplier, lines: orderLines() });
    });

    it('refuses expired goods, goods inside the minimum shelf life, unordered products and bad input with field errors', async () => {
      const expired = await receive(order.id, [doloBatch('DL-OLD', 15, { expiry: inDays(-1) })]);
      assertProblem(expired, 400, 'validation-error');
      assert.match(expired.body.errors[0].message, /expired/);
      const short = await receive(order.id, [doloBatch('DL-SHORT', 15, { expiry: inDays(45) })]);
      assertProblem(short, 400, 'validation-error');
      assert.deepEqual(short.body.errors, [
        { field: 'lines.0.expiry', message: 'batch DL-SHORT has 45 days of shelf life left; this chain accepts at least 90' },
      ]);
      const stranger = await createProduct(app, india, { name: 'Not Ordered 5mg' });
      const unordered = await receive(order.id, [{ ...doloBatch('X-1', 10), productId: stranger }]);
      assertProblem(unordered, 400, 'validation-error');
      assert.equal(unordered.body.errors[0].field, 'lines.0.productId');
      assertProblem(await receive(order.id, [doloBatch('DL-NEG', -5)]), 400, 'validation-error');
      assertProblem(await receive(order.id, [doloBatch('DL-0', 0)]), 400, 'validation-error');
      assertProblem(await receive(order.id, []), 400, 'validation-error');
      assertProblem(await app.api.post('/api/v1/purchase-orders/not-a-uuid/receipts', { lines: [doloBatch('A', 1)] }, pharmacist), 400);
      assertProblem(await receive(order.id, [doloBatch('DL-C', 15)], cashier), 404);
      assert.equal(await onHand(dolo), 0, 'nothing refused reached the shelves');
    });

    it('receives partially by batch through the ledger, free goods at zero cost on top, idempotently', async () => {
      const first = await receive(order.id, [doloBatch('DL-P1', 150, { freeQuantity: 15 })], pharmacist, 'grn-first-0001');
      assert.equal(first.status, 201, JSON.stringify(first.body));
      assert.equal(first.body.order.status, 'partially_received');
      const line = first.body.order.lines.find((l: any) => l.productId === dolo);
      assert.deepEqual([line.receivedQuantity, line.freeQuantity, line.openQuantity], [150, 15, 150]);
      assert.equal(await onHand(dolo), 165);
      const movements = await app.sql<{ quantity: number; reason: string | null; reference: string; kind: string }>(
        `select m.quantity, m.reason, m.reference, m.kind from "${schema}".stock_movement m join "${schema}".stock_batch b on b.id = m.batch_id
         where b.batch_no = 'DL-P1' order by m.id`,
      );
      assert.deepEqual(
        movements.map((m) => [m.kind, m.quantity, m.reason, m.reference]),
        [
          ['receipt', 150, null, order.poNumber],
          ['receipt', 15, 'free goods', order.poNumber],
        ],
      );
      const [batch] = await app.sql<{ supplier: string; cost: string }>(
        `select supplier, cost from "${schema}".stock_batch where batch_no = 'DL-P1'`,
      );
      assert.deepEqual([batch.supplier, Number(batch.cost)], ['Mahalaxmi Distributors', 2000]);

      const replay = await receive(order.id, [doloBatch('DL-P1', 150, { freeQuantity: 15 })], pharmacist, 'grn-first-0001');
      assert.equal(replay.status, 200);
      assert.equal(replay.headers.get('idempotent-replayed'), 'true');
      assert.equal(replay.body.id, first.body.id);
      assert.equal(await onHand(dolo), 165, 'a retried receipt adds no stock');
      assertProblem(await receive(order.id, [doloBatch('DL-P1', 10)], pharmacist, 'grn-first-0001'), 422, 'idempotency-key-reused');

      const over = await receive(order.id, [doloBatch('DL-P2', 151)]);
      assertProblem(over, 409, 'over-receipt');
      assert.deepEqual(over.body.lines[0], { productId: dolo, productName: DOLO.name, open: 150, received: 151 });
      assertProblem(
        await app.api.post(`/api/v1/purchase-orders/${order.id}/invoice`, invoiceFor(150, 10), manager),
        409,
        'purchase-order-status',
      );

      const rest = await receive(order.id, [
        doloBatch('DL-P2', 150),
        { productId: insulin, batchNo: 'INS-P1', expiry: inDays(200), quantity: 10, cost: 12000, mrp: 15000 },
      ]);
      assert.equal(rest.status, 201, JSON.stringify(rest.body));
      assert.equal(rest.body.order.status, 'received');
      assert.equal(await onHand(dolo), 315);
      assert.equal(await onHand(insulin), 10);
      assertProblem(await receive(order.id, [doloBatch('DL-P3', 1)]), 409, 'purchase-order-status');
      const receipts = await app.api.get(`/api/v1/purchase-orders/${order.id}/receipts`, auditor);
      assert.deepEqual(
        receipts.body.map((r: any) => r.lines.map((l: any) => `${l.batchNo}:${l.quantity}+${l.freeQuantity}`).sort()),
        [['DL-P1:150+15'], ['DL-P2:150+0', 'INS-P1:10+0']],
      );
      const [cost] = (await app.api.get(`/api/v1/suppliers/${supplier}/products`, owner)).body.filter((p: any) => p.productId === insulin);
      assert.equal(cost.lastCost, 12000, 'the last cost paid is remembered per supplier and product');
      await assertLedgerMatchesBalances(app, schema);
    });

    it('closes the order when the invoice matches the order and the receipts', async () => {
      const res = await app.api.post(`/api/v1/purchase-orders/${order.id}/invoice`, invoiceFor(300, 10), manager);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.matchStatus, 'matched');
      assert.deepEqual(res.body.mismatches, []);
      assert.equal(res.body.total, 162000);
      assert.equal(res.body.order.status, 'closed');
      const same = await app.api.post(`/api/v1/purchase-orders/${order.id}/invoice`, invoiceFor(300, 10), manager);
      assert.equal(same.status, 200, 'the same invoice again is a replay');
      assertProblem(
        await app.api.post(`/api/v1/purchase-orders/${order.id}/invoice`, { ...invoiceFor(300, 10), invoiceNo: 'OTHER-1' }, manager),
        409,
        'invoice-already-recorded',
      );
    });

    function invoiceFor(doloQuantity: number, insulinQuantity: number, doloPackCost = 2000) {
      const amount = Math.round((doloQuantity * doloPackCost) / 15);
      return {
        invoiceNo: 'MD/2627/0042',
        invoiceDate: inDays(0),
        lines: [
          { productId: dolo, quantity: doloQuantity, packCost: doloPackCost, tax: Math.round(amount * 0.05) },
          { productId: insulin, quantity: insulinQuantity, packCost: 12000, tax: 0 },
        ],
      };
    }

    it('flags a three-way-match mismatch that a manager must approve before the order closes', async () => {
      const mismatched = await sentOrder(app, pharmacist, manager, { storeId: mumbai, supplierId: supplier, lines: orderLines(150) });
      await receive(mismatched.id, [
        doloBatch('DL-M1', 150),
        { productId: insulin, batchNo: 'INS-M1', expiry: inDays(200), quantity: 8, cost: 12000, mrp: 15000 },
      ]);
      await app.api.post(`/api/v1/purchase-orders/${mismatched.id}/cancel-unreceived`, undefined, manager);
      // Billed 10 vials though 8 arrived, and Dolo at ₹22.00 a strip against ₹20.00 ordered (10 % > 1 % tolerance).
      const res = await app.api.post(`/api/v1/purchase-orders/${mismatched.id}/invoice`, invoiceFor(150, 10, 2200), manager);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.matchStatus, 'mismatch');
      assert.deepEqual(
        res.body.mismatches.map((m: any) => [m.productName, m.kind]),
        [
          [DOLO.name, 'price'],
          [INSULIN.name, 'quantity'],
        ],
      );
      assert.equal(res.body.order.status, 'received', 'a mismatched invoice does not close the order');
      assertProblem(await app.api.post(`/api/v1/purchase-orders/${mismatched.id}/close`, undefined, manager), 422, 'invoice-not-matched');
      assertProblem(await app.api.post(`/api/v1/purchase-orders/${mismatched.id}/invoice/approve`, {}, pharmacist), 403);
      const approved = await app.api.post(
        `/api/v1/purchase-orders/${mismatched.id}/invoice/approve`,
        { note: 'credit note promised' },
        manager,
      );
      assert.equal(approved.status, 201, JSON.stringify(approved.body));
      assert.equal(approved.body.matchStatus, 'approved');
      assert.equal(approved.body.order.status, 'closed');
      assert.equal(approved.body.order.invoiceMatch, 'approved');
      assertProblem(
        await app.api.post(`/api/v1/purchase-orders/${mismatched.id}/invoice/approve`, {}, manager),
        409,
        'invoice-not-mismatched',
      );
    });

    it('accepts an invoice within the price tolerance as a match', async () => {
      const close = await sentOrder(app, pharmacist, manager, { storeId: mumbai, supplierId: supplier, lines: [orderLines(150)[0]] });
      await receive(close.id, [doloBatch('DL-T1', 150)]);
      // ₹20.10 against ₹20.00 is 0.5 %, inside the default 1 % tolerance.
      const invoice = invoiceFor(150, 0, 2010);
      const res = await app.api.post(`/api/v1/purchase-orders/${close.id}/invoice`, { ...invoice, lines: [invoice.lines[0]] }, manager);
      assert.equal(res.body.matchStatus, 'matched', JSON.stringify(res.body));
      assert.equal(res.body.order.status, 'closed');
    });
  });

  describe('cancelling what did not arrive', () => {
    it('cancels the open quantities, once; an order with nothing received is cancelled', async () => {
      const partial = await sentOrder(app, pharmacist, manager, { storeId: mumbai, supplierId: supplier, lines: orderLines(300) });
      await receive(partial.id, [doloBatch('DL-C1', 90)]);
      const res = await app.api.post(`/api/v1/purchase-orders/${partial.id}/cancel-unreceived`, undefined, pharmacist);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.equal(res.body.status, 'received');
      assert.deepEqual(
        res.body.lines.map((l: any) => [l.productId, l.receivedQuantity, l.cancelledQuantity, l.openQuantity]),
        [
          [dolo, 90, 210, 0],
          [insulin, 0, 10, 0],
        ],
      );
      const again = await app.api.post(`/api/v1/purchase-orders/${partial.id}/cancel-unreceived`, undefined, pharmacist);
      assert.deepEqual(again.body.lines, res.body.lines, 'cancelling again changes nothing');
      assertProblem(await receive(partial.id, [doloBatch('DL-C2', 15)]), 409, 'purchase-order-status');
      const cancelledAudit = await app.sql(
        `select 1 from "${schema}".audit_log where entity_id = $1 and action = 'purchase-order.unreceived-cancelled'`,
        [partial.id],
      );
      assert.equal(cancelledAudit.length, 1);

      const nothing = await sentOrder(app, pharmacist, manager, { storeId: mumbai, supplierId: supplier, lines: orderLines(30) });
      const cancelled = await app.api.post(`/api/v1/purchase-orders/${nothing.id}/cancel-unreceived`, undefined, pharmacist);
      assert.equal(cancelled.body.status, 'cancelled');
    });
  });

  describe('concurrency', () => {
    it('two receipts racing for the last open units of a line: exactly one lands', async () => {
      const order = await sentOrder(app, pharmacist, manager, { storeId: mumbai, supplierId: supplier, lines: [orderLines(60)[0]] });
      await receive(order.id, [doloBatch('DL-R0', 30)]);
      const before = await onHand(dolo);
      // 30 still open; each receipt alone would fit, both together would not.
      const results = await Promise.all([
        receive(order.id, [doloBatch('DL-R1', 20)]),
        receive(order.id, [doloBatch('DL-R2', 20)], manager),
      ]);
      assert.deepEqual(results.map((r) => r.status).sort(), [201, 409], JSON.stringify(results.map((r) => r.body)));
      assertProblem(
        results.find((r) => r.status === 409)!,
        409,
        'over-receipt',
      );
      assert.equal(await onHand(dolo), before + 20);
      const [line] = await app.sql<{ received_quantity: number }>(
        `select received_quantity from "${schema}".purchase_order_line where purchase_order_id = $1`,
        [order.id],
      );
      assert.equal(line.received_quantity, 50);
      await assertLedgerMatchesBalances(app, schema);
    });

    it('the same receipt sent twice at once with one Idempotency-Key is recorded once', async () => {
      const order = await sentOrder(app, pharmacist, manager, { storeId: mumbai, supplierId: supplier, lines: [orderLines(60)[0]] });
      const before = await onHand(dolo);
      const results = await Promise.all([1, 2, 3].map(() => receive(order.id, [doloBatch('DL-K1', 30)], pharmacist, 'grn-race-key-1')));
      assert.deepEqual(results.map((r) => r.status).sort(), [200, 200, 201]);
      assert.equal(new Set(results.map((r) => r.body.id)).size, 1);
      assert.equal(await onHand(dolo), before + 30);
    });
  });

  describe('access and isolation', () => {
    let mumbaiOrder: any;

    before(async () => {
      mumbaiOrder = await sentOrder(app, pharmacist, manager, { storeId: mumbai, supplierId: supplier, lines: orderLines(15) });
    });

    it('store staff see and act on their own stores only', async () => {
      assertProblem(await app.api.get(`/api/v1/purchase-orders/${mumbaiOrder.id}`, punePharmacist), 404);
      assertProblem(await receive(mumbaiOrder.id, [doloBatch('DL-X', 15)], punePharmacist), 404);
      const list = await app.api.get('/api/v1/purchase-orders', punePharmacist);
      assert.equal(list.status, 200);
      assert.deepEqual(list.body, []);
      assertProblem(
        await app.api.post('/api/v1/purchase-orders', { storeId: mumbai, supplierId: supplier, lines: orderLines() }, punePharmacist),
        403,
      );
      const audited = await app.api.get(`/api/v1/purchase-orders${listQuery({ filter: { storeId: mumbai, status: 'sent' } })}`, auditor);
      assert.ok(audited.body.some((o: any) => o.id === mumbaiOrder.id));
      assertProblem(await app.api.post(`/api/v1/purchase-orders/${mumbaiOrder.id}/cancel-unreceived`, undefined, auditor), 403);
    });

    it("another tenant can never see or touch this chain's suppliers and orders", async () => {
      const stranger = { tenant: other.slug, token: other.ownerToken };
      assertProblem(await app.api.get(`/api/v1/suppliers/${supplier}`, stranger), 404);
      assertProblem(await app.api.put(`/api/v1/suppliers/${supplier}`, { name: 'Hijacked' }, stranger), 404);
      assertProblem(await app.api.get(`/api/v1/suppliers/${supplier}/products`, stranger), 404);
      assert.deepEqual((await app.api.get('/api/v1/suppliers', stranger)).body, []);
      assertProblem(await app.api.get(`/api/v1/purchase-orders/${mumbaiOrder.id}`, stranger), 404);
      assert.deepEqual((await app.api.get('/api/v1/purchase-orders', stranger)).body, []);
      for (const action of ['submit', 'approve', 'send', 'cancel-unreceived', 'close'])
        assertProblem(await app.api.post(`/api/v1/purchase-orders/${mumbaiOrder.id}/${action}`, {}, stranger), 404);
      assertProblem(await receive(mumbaiOrder.id, [doloBatch('DL-Y', 15)], stranger), 404);
      assertProblem(await app.api.get(`/api/v1/purchase-orders/${mumbaiOrder.id}/receipts`, stranger), 404);
      assertProblem(
        await app.api.post(
          `/api/v1/purchase-orders/${mumbaiOrder.id}/invoice`,
          { invoiceNo: 'X', invoiceDate: inDays(0), lines: [{ productId: dolo, quantity: 1, packCost: 1, tax: 0 }] },
          stranger,
        ),
        404,
      );
      assertProblem(await app.api.get(`/api/v1/purchase-orders/${mumbaiOrder.id}/invoice`, stranger), 404);
      assertProblem(await app.api.post(`/api/v1/purchase-orders/${mumbaiOrder.id}/invoice/approve`, {}, stranger), 404);
      // Naming this chain's store or supplier in the other chain's own requests finds nothing either.
      assertProblem(
        await app.api.post('/api/v1/purchase-orders', { storeId: mumbai, supplierId: supplier, lines: orderLines() }, stranger),
        400,
      );
      const [row] = await app.sql<{ status: string }>(`select status from "${schema}".purchase_order where id = $1`, [mumbaiOrder.id]);
      assert.equal(row.status, 'sent');
    });

    it('answers malformed requests with problem+json, never a 500', async () => {
      const draft = (body: unknown) => app.api.post('/api/v1/purchase-orders', body, pharmacist);
      assertProblem(await draft({ storeId: mumbai, supplierId: supplier, lines: [] }), 400, 'validation-error');
      assertProblem(await draft({ storeId: mumbai, supplierId: supplier, lines: [{ productId: dolo, quantity: 1.5, packCost: 10 }] }), 400);
      assertProblem(
        await draft({ storeId: mumbai, supplierId: supplier, lines: [{ productId: dolo, quantity: 10, packCost: 10.5 }] }),
        400,
      );
      assertProblem(
        await draft({ storeId: mumbai, supplierId: supplier, lines: [{ productId: dolo, quantity: 10, packCost: 10, taxRate: 101 }] }),
        400,
      );
      const twice = await draft({ storeId: mumbai, supplierId: supplier, lines: [orderLines()[0], orderLines()[0]] });
      assertProblem(twice, 400);
      assert.equal(twice.body.errors[0].field, 'lines.1.productId');
      assertProblem(await draft({ storeId: mumbai, supplierId: supplier, lines: orderLines(), extra: 1 }), 400);
      assertProblem(await app.api.post('/api/v1/purchase-orders', undefined, { ...pharmacist, raw: '{"storeId":' }), 400);
      assertProblem(await app.api.get(`/api/v1/purchase-orders${listQuery({ filter: { colour: 'red' } })}`, pharmacist), 400);
      assertProblem(await app.api.get(`/api/v1/purchase-orders${listQuery({ filter: { status: 'lost' } })}`, pharmacist), 400);
      assertProblem(
        await app.api.put(`/api/v1/purchase-orders/${mumbaiOrder.id}`, { notes: 'too late' }, pharmacist),
        409,
        'purchase-order-status',
      );
      assertProblem(
        await app.api.post(
          `/api/v1/purchase-orders/${mumbaiOrder.id}/invoice`,
          { invoiceNo: '', invoiceDate: '2026-02-30', lines: [] },
          manager,
        ),
        400,
      );
      assertProblem(await app.api.get('/api/v1/purchase-orders/00000000-0000-4000-8000-000000000000', pharmacist), 404);
    });

    it('edits a draft until it is submitted', async () => {
      const draft = await app.api.post(
        '/api/v1/purchase-orders',
        { storeId: mumbai, supplierId: supplier, lines: orderLines() },
        pharmacist,
      );
      const edited = await app.api.put(
        `/api/v1/purchase-orders/${draft.body.id}`,
        { notes: 'urgent', lines: [{ productId: dolo, quantity: 45, packCost: 2000, taxRate: 5 }] },
        pharmacist,
      );
      assert.equal(edited.status, 200, JSON.stringify(edited.body));
      assert.deepEqual([edited.body.notes, edited.body.lines.length, edited.body.subtotal, edited.body.tax], ['urgent', 1, 6000, 300]);
    });
  });
});
