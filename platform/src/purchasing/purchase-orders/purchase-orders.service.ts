import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { asSubject } from '../../access/ability.js';
import { AuditService } from '../../audit/audit.service.js';
import { dateRange, parseListQuery, valueFilterSql, type ListSpec } from '../../common/list-query.js';
import { Problem, type FieldError } from '../../common/problem.js';
import { storeAccessSql } from '../../common/store-access.js';
import { assertCan, withEm, type TenantScope } from '../../common/tenant-scope.js';
import { ident } from '../../database/sql.js';
import { today } from '../../inventory/inventory-context.js';
import { notificationRequests } from '../../notifications/notification-events.js';
import { OutboxService } from '../../outbox/outbox.service.js';
import { nextDocumentNumber } from '../../sales/document-numbers.js';
import { DEFAULT_FY_START_MONTH, financialYear } from '../../sales/financial-year.js';
import { purchasingSettings } from '../purchasing-settings.js';
import type { PurchaseOrderInput, PurchaseOrderUpdate } from '../purchasing.schemas.js';
import { lineAmount, taxOn, totals } from './order-math.js';
import { loadOrders, openQuantity, ORDER_STATUSES, orderView, type LoadedOrder, type OrderStatus, type OrderView } from './order-record.js';

export const orderListSpec: ListSpec = {
  sortable: { createdAt: 'created_at', total: 'total', poNumber: 'po_number', status: 'status' },
  defaultSort: ['createdAt', 'DESC'],
  filters: ['storeId', 'supplierId', 'status', 'id', 'from', 'to'],
};

type OrderLineInput = PurchaseOrderInput['lines'][number];

/** Orders still waiting for goods: what reorder suggestions count as "on order". */
export const OPEN_ORDER_STATUSES: readonly OrderStatus[] = ['draft', 'pending_approval', 'approved', 'sent', 'partially_received'];

/**
 * A purchase order's life outside receiving and invoicing: draft → submit (numbered; approved at once at or below the
 * tenant's threshold, else waits for a manager who is not the submitter) → sent to the supplier (an SMS through the
 * outbox, in the same transaction) → … → unreceived quantities cancelled → closed once the invoice matched or its
 * mismatch was approved. Operations a workflow drives (`send`, `cancelUnreceived`, `close`) are keyed by the order id
 * and repeatable: run again after a crash they find the work done and change nothing, notify nobody twice.
 */
@Injectable()
export class PurchaseOrdersService {
  constructor(
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  async create(scope: TenantScope, input: PurchaseOrderInput, origin: { reorderDate?: string } = {}): Promise<OrderView> {
    assertCan(scope, 'create', 'PurchaseOrder', { storeId: input.storeId });
    const s = ident(scope.tenant.schemaName);
    const [store] = await scope.em.execute(`select 1 from ${s}.store where id = ?`, [input.storeId]);
    if (!store) throw Problem.validation([{ field: 'storeId', message: 'no such store' }]);
    await this.assertSupplier(scope, input.supplierId);
    const lines = await this.pricedLines(scope, input.lines);
    return scope.em.transactional(async (em) => {
      const id = randomUUID();
      const sums = totals(lines);
      await em.execute(
        `insert into ${s}.purchase_order (id, store_id, supplier_id, status, currency, subtotal, tax, total, notes, reorder_date, created_by)
         values (?, ?, ?, 'draft', ?, ?, ?, ?, ?, ?, ?)`,
        [
          id,
          input.storeId,
          input.supplierId,
          scope.tenant.currency,
          sums.subtotal,
          sums.tax,
          sums.total,
          input.notes ?? null,
          origin.reorderDate ?? null,
          scope.actor?.id ?? null,
        ],
      );
      await this.insertLines(em, s, id, lines);
      const view = await this.view(withEm(scope, em), id);
      await this.audit.record(withEm(scope, em), {
        action: 'purchase-order.drafted',
        entityType: 'PurchaseOrder',
        entityId: id,
        after: {
          storeId: view.storeId,
          supplierId: view.supplierId,
          total: view.total,
          reorderDate: view.reorderDate,
          lines: auditLines(view),
        },
      });
      return view;
    });
  }

  /** A draft's supplier, notes and lines may change; once submitted, the order is what was approved. */
  async update(scope: TenantScope, id: string, input: PurchaseOrderUpdate): Promise<OrderView> {
    const s = ident(scope.tenant.schemaName);
    if (input.supplierId) await this.assertSupplier(scope, input.supplierId);
    const lines = input.lines ? await this.pricedLines(scope, input.lines) : undefined;
    return scope.em.transactional(async (em) => {
      const before = await this.locked(withEm(scope, em), id, 'update');
      this.assertStatus(before, ['draft'], 'Only a draft can be edited.');
      if (lines) {
        await em.execute(`delete from ${s}.purchase_order_line where purchase_order_id = ?`, [id]);
        await this.insertLines(em, s, id, lines);
      }
      const sums = lines ? totals(lines) : undefined;
      await em.execute(
        `update ${s}.purchase_order set supplier_id = coalesce(?, supplier_id), notes = case when ? then ? else notes end,
           subtotal = coalesce(?, subtotal), tax = coalesce(?, tax), total = coalesce(?, total), updated_at = now() where id = ?`,
        [
          input.supplierId ?? null,
          input.notes !== undefined,
          input.notes ?? null,
          sums?.subtotal ?? null,
          sums?.tax ?? null,
          sums?.total ?? null,
          id,
        ],
      );
      const view = await this.view(withEm(scope, em), id);
      await this.audit.record(withEm(scope, em), {
        action: 'purchase-order.updated',
        entityType: 'PurchaseOrder',
        entityId: id,
        before: { supplierId: before.order.supplier_id, total: Number(before.order.total), lines: auditLines(orderView(before)) },
        after: { supplierId: view.supplierId, total: view.total, lines: auditLines(view) },
      });
      return view;
    });
  }

  /**
   * Numbers the order (gap-free per store and financial year) and decides whether it needs approval: a total above
   * the tenant's threshold waits for a store manager; at or below it the order is approved on submit.
   */
  async submit(scope: TenantScope, id: string): Promise<OrderView> {
    const s = ident(scope.tenant.schemaName);
    const threshold = purchasingSettings(scope).purchaseApprovalThreshold;
    const fyStart = scope.tenant.settings.financialYearStartMonth ?? DEFAULT_FY_START_MONTH[scope.tenant.country] ?? 1;
    return scope.em.transactional(async (em) => {
      const before = await this.locked(withEm(scope, em), id, 'update');
      this.assertStatus(before, ['draft'], 'Only a draft can be submitted.');
      const [supplier] = await em.execute<{ active: boolean }[]>(`select active from ${s}.supplier where id = ?`, [
        before.order.supplier_id,
      ]);
      if (!supplier.active)
        throw Problem.unprocessable(`${before.order.supplier_name} is inactive; choose another supplier.`, 'supplier-inactive');
      const needsApproval = Number(before.order.total) > threshold;
      const fy = financialYear(today(scope), fyStart);
      const [store] = await em.execute<{ invoice_prefix: string }[]>(`select invoice_prefix from ${s}.store where id = ?`, [
        before.order.store_id,
      ]);
      const poNumber = await nextDocumentNumber(em, scope.tenant.schemaName, {
        storeId: before.order.store_id,
        prefix: store.invoice_prefix,
        financialYear: fy,
        kind: 'purchase_order',
      });
      await em.execute(
        `update ${s}.purchase_order set status = ?, po_number = ?, financial_year = ?, approval_required = ?, submitted_by = ?,
           submitted_at = now(), approved_at = case when ? then null else now() end, updated_at = now() where id = ?`,
        [needsApproval ? 'pending_approval' : 'approved', poNumber, fy, needsApproval, scope.actor?.id ?? null, needsApproval, id],
      );
      const view = await this.view(withEm(scope, em), id);
      await this.audit.record(withEm(scope, em), {
        action: needsApproval ? 'purchase-order.submitted' : 'purchase-order.auto-approved',
        entityType: 'PurchaseOrder',
        entityId: id,
        after: { poNumber, total: view.total, threshold, status: view.status },
      });
      return view;
    });
  }

  /** A store manager (or owner/admin) approves an order above the threshold; never the person who submitted it. */
  async approve(scope: TenantScope, id: string, note?: string): Promise<OrderView> {
    const s = ident(scope.tenant.schemaName);
    return scope.em.transactional(async (em) => {
      const before = await this.locked(withEm(scope, em), id, 'read');
      assertCan(scope, 'create', 'PurchaseApproval', { storeId: before.order.store_id });
      this.assertStatus(before, ['pending_approval'], 'This order is not waiting for approval.');
      if (scope.actor && scope.actor.id === before.order.submitted_by)
        throw Problem.forbidden('You submitted this order, so someone else must approve it.', 'self-approval');
      await em.execute(
        `update ${s}.purchase_order set status = 'approved', approved_by = ?, approved_at = now(), updated_at = now() where id = ?`,
        [scope.actor?.id ?? null, id],
      );
      const view = await this.view(withEm(scope, em), id);
      await this.audit.record(withEm(scope, em), {
        action: 'purchase-order.approved',
        entityType: 'PurchaseOrder',
        entityId: id,
        before: { status: before.order.status },
        after: { status: view.status, total: view.total, note: note ?? null },
      });
      return view;
    });
  }

  /**
   * Sends an approved order to its supplier: the order becomes `sent` and the supplier's SMS is queued in the outbox in
   * the same transaction (deduplicated on the order id). Sending an order already sent changes nothing.
   */
  async send(scope: TenantScope, id: string): Promise<OrderView> {
    const s = ident(scope.tenant.schemaName);
    return scope.em.transactional(async (em) => {
      const before = await this.locked(withEm(scope, em), id, 'update');
      if (['sent', 'partially_received', 'received', 'closed'].includes(before.order.status)) return orderView(before);
      this.assertStatus(before, ['approved'], 'Only an approved order can be sent to the supplier.');
      await em.execute(`update ${s}.purchase_order set status = 'sent', sent_at = now(), updated_at = now() where id = ?`, [id]);
      await this.outbox.emit(withEm(scope, em), notificationRequests.purchaseOrderSent(id));
      const view = await this.view(withEm(scope, em), id);
      await this.audit.record(withEm(scope, em), {
        action: 'purchase-order.sent',
        entityType: 'PurchaseOrder',
        entityId: id,
        after: { poNumber: view.poNumber, supplierId: view.supplierId, total: view.total },
      });
      return view;
    });
  }

  /**
   * Gives up on what has not arrived: each line's open quantity is cancelled. An order with nothing received is
   * cancelled; one with some goods is `received` (receiving is over) and moves on to its invoice. Orders that are no
   * longer waiting for goods are returned unchanged, so a timer firing twice is harmless.
   */
  async cancelUnreceived(scope: TenantScope, id: string): Promise<OrderView> {
    const s = ident(scope.tenant.schemaName);
    return scope.em.transactional(async (em) => {
      const before = await this.locked(withEm(scope, em), id, 'update');
      if (!['sent', 'partially_received'].includes(before.order.status)) return orderView(before);
      const cancelled = before.lines
        .filter((l) => openQuantity(l) > 0)
        .map((l) => ({ productId: l.product_id, quantity: openQuantity(l) }));
      await em.execute(
        `update ${s}.purchase_order_line set cancelled_quantity = quantity - received_quantity where purchase_order_id = ?`,
        [id],
      );
      const anythingReceived = before.lines.some((l) => l.received_quantity > 0);
      await em.execute(`update ${s}.purchase_order set status = ?, unreceived_cancelled_at = now(), updated_at = now() where id = ?`, [
        anythingReceived ? 'received' : 'cancelled',
        id,
      ]);
      const view = await this.view(withEm(scope, em), id);
      await this.audit.record(withEm(scope, em), {
        action: 'purchase-order.unreceived-cancelled',
        entityType: 'PurchaseOrder',
        entityId: id,
        before: { status: before.order.status },
        after: { status: view.status, cancelled },
      });
      return view;
    });
  }

  /** Closes a fully received order whose supplier invoice matched (or whose mismatch a manager approved). */
  async close(scope: TenantScope, id: string): Promise<OrderView> {
    return scope.em.transactional(async (em) => {
      const before = await this.locked(withEm(scope, em), id, 'update');
      if (before.order.status === 'closed') return orderView(before);
      return this.closeLocked(withEm(scope, em), before);
    });
  }

  /** Inside the caller's transaction, with the order locked: the invoice service closes as soon as the match allows. */
  async closeLocked(scope: TenantScope, order: LoadedOrder): Promise<OrderView> {
    this.assertStatus(order, ['received'], 'Only an order whose receiving is complete can be closed.');
    if (order.order.match_status !== 'matched' && order.order.match_status !== 'approved')
      throw Problem.unprocessable(
        order.order.match_status === 'mismatch'
          ? "The supplier's invoice does not match the order and receipts; a manager must approve it before the order can close."
          : "Record the supplier's invoice before closing the order.",
        'invoice-not-matched',
      );
    await scope.em.execute(
      `update ${ident(scope.tenant.schemaName)}.purchase_order set status = 'closed', closed_at = now(), updated_at = now() where id = ?`,
      [order.order.id],
    );
    const view = await this.view(scope, order.order.id);
    await this.audit.record(scope, {
      action: 'purchase-order.closed',
      entityType: 'PurchaseOrder',
      entityId: order.order.id,
      after: { poNumber: view.poNumber, invoiceMatch: view.invoiceMatch },
    });
    return view;
  }

  async list(scope: TenantScope, rawQuery: Record<string, unknown>) {
    const query = parseListQuery(rawQuery, orderListSpec);
    const conditions: string[] = [];
    const params: unknown[] = [];
    const access = storeAccessSql(scope, 'read', 'PurchaseOrder', 'po.store_id');
    if (access) {
      conditions.push(access.sql);
      params.push(...access.params);
    }
    const filters = valueFilterSql(query.filter, {
      ids: { storeId: 'po.store_id', supplierId: 'po.supplier_id', id: 'po.id' },
      values: { status: { column: 'po.status', allowed: ORDER_STATUSES } },
    });
    conditions.push(...filters.conditions);
    params.push(...filters.params);
    const dates = dateRange(query.filter, 'po.created_at');
    conditions.push(...dates.conditions);
    params.push(...dates.params);
    const where = conditions.length ? conditions.join(' and ') : 'true';
    const s = ident(scope.tenant.schemaName);
    const [{ count }] = await scope.em.execute<{ count: string }[]>(`select count(*) from ${s}.purchase_order po where ${where}`, params);
    const [column, direction] = Object.entries(query.orderBy)[0];
    const page = await scope.em.execute<{ id: string }[]>(
      `select po.id from ${s}.purchase_order po where ${where} order by po.${column} ${direction} nulls last, po.id limit ? offset ?`,
      [...params, query.limit, query.offset],
    );
    const orders = page.length
      ? await loadOrders(scope.em, scope.tenant.schemaName, {
          sql: `po.id in (${page.map(() => '?').join(',')})`,
          params: page.map((p) => p.id),
        })
      : [];
    const order = new Map(page.map((p, i) => [p.id, i]));
    orders.sort((a, b) => order.get(a.order.id)! - order.get(b.order.id)!);
    return { query, rows: orders.map(orderView), total: Number(count) };
  }

  async get(scope: TenantScope, id: string): Promise<OrderView> {
    const [loaded] = await loadOrders(scope.em, scope.tenant.schemaName, { sql: 'po.id = ?', params: [id] });
    if (!loaded || !canSee(scope, loaded)) throw Problem.notFound('Purchase order');
    return orderView(loaded);
  }

  /**
   * The order locked for the rest of the caller's transaction, after checking the actor may act on it: people who
   * may not even read it get a 404 and learn nothing; readers without the right get a 403.
   */
  async locked(scope: TenantScope, id: string, action: 'read' | 'update'): Promise<LoadedOrder> {
    const [loaded] = await loadOrders(scope.em, scope.tenant.schemaName, { sql: 'po.id = ?', params: [id] }, { lock: true });
    if (!loaded || !canSee(scope, loaded)) throw Problem.notFound('Purchase order');
    assertCan(scope, action, 'PurchaseOrder', { storeId: loaded.order.store_id });
    return loaded;
  }

  assertStatus(loaded: LoadedOrder, allowed: OrderStatus[], detail: string): void {
    if (!allowed.includes(loaded.order.status))
      throw Problem.conflict(
        `${detail} Purchase order ${loaded.order.po_number ?? loaded.order.id} is ${loaded.order.status}.`,
        'purchase-order-status',
        {
          orderStatus: loaded.order.status,
        },
      );
  }

  private async view(scope: TenantScope, id: string): Promise<OrderView> {
    const [loaded] = await loadOrders(scope.em, scope.tenant.schemaName, { sql: 'po.id = ?', params: [id] });
    return orderView(loaded);
  }

  private async assertSupplier(scope: TenantScope, supplierId: string): Promise<void> {
    const [supplier] = await scope.em.execute<{ active: boolean; name: string }[]>(
      `select active, name from ${ident(scope.tenant.schemaName)}.supplier where id = ?`,
      [supplierId],
    );
    if (!supplier) throw Problem.validation([{ field: 'supplierId', message: 'no such supplier' }]);
    if (!supplier.active) throw Problem.validation([{ field: 'supplierId', message: `${supplier.name} is inactive` }]);
  }

  private async pricedLines(scope: TenantScope, lines: OrderLineInput[]) {
    const ids = lines.map((l) => l.productId);
    const products = await scope.em.execute<{ id: string; pack_size: number; status: string; name: string }[]>(
      `select id, pack_size, status, name from ${ident(scope.tenant.schemaName)}.product where id in (${ids.map(() => '?').join(',')})`,
      ids,
    );
    const byId = new Map(products.map((p) => [p.id, p]));
    const errors: FieldError[] = lines.flatMap((l, i) => {
      const product = byId.get(l.productId);
      if (!product) return [{ field: `lines.${i}.productId`, message: 'no such product' }];
      if (product.status !== 'active') return [{ field: `lines.${i}.productId`, message: `${product.name} is inactive` }];
      return [];
    });
    if (errors.length) throw Problem.validation(errors);
    return lines.map((l, i) => {
      const packSize = byId.get(l.productId)!.pack_size;
      const amount = lineAmount(l.quantity, l.packCost, packSize);
      return { ...l, lineNo: i + 1, packSize, amount, tax: taxOn(amount, l.taxRate) };
    });
  }

  private async insertLines(
    em: TenantScope['em'],
    s: string,
    orderId: string,
    lines: Awaited<ReturnType<PurchaseOrdersService['pricedLines']>>,
  ) {
    for (const l of lines) {
      await em.execute(
        `insert into ${s}.purchase_order_line (id, purchase_order_id, line_no, product_id, quantity, pack_size, pack_cost, tax_rate, amount, tax)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        [randomUUID(), orderId, l.lineNo, l.productId, l.quantity, l.packSize, l.packCost, l.taxRate, l.amount, l.tax],
      );
    }
  }
}

function canSee(scope: TenantScope, loaded: LoadedOrder): boolean {
  return !scope.ability || scope.ability.can('read', asSubject('PurchaseOrder', { storeId: loaded.order.store_id }));
}

function auditLines(view: OrderView) {
  return view.lines.map((l) => ({ productId: l.productId, quantity: l.quantity, packCost: l.packCost, taxRate: l.taxRate }));
}
