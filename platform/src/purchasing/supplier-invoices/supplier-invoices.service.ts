import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { canonicalJson } from '../../audit/hash-chain.js';
import { AuditService } from '../../audit/audit.service.js';
import { Problem, type FieldError } from '../../common/problem.js';
import { assertCan, withEm, type TenantScope } from '../../common/tenant-scope.js';
import { ident } from '../../database/sql.js';
import type { OrderView } from '../purchase-orders/order-record.js';
import { PurchaseOrdersService } from '../purchase-orders/purchase-orders.service.js';
import { purchasingSettings } from '../purchasing-settings.js';
import type { SupplierInvoiceInput } from '../purchasing.schemas.js';
import { threeWayMatch, type Mismatch } from './three-way-match.js';

interface InvoiceRow {
  id: string;
  purchase_order_id: string;
  invoice_no: string;
  invoice_date: string;
  subtotal: string;
  tax: string;
  total: string;
  lines: unknown[];
  match_status: 'matched' | 'mismatch' | 'approved';
  mismatches: Mismatch[];
  request_hash: string;
  recorded_by: string | null;
  recorded_at: Date;
  approved_by: string | null;
  approved_at: Date | null;
  approval_note: string | null;
}

function invoiceView(row: InvoiceRow) {
  return {
    id: row.id,
    purchaseOrderId: row.purchase_order_id,
    invoiceNo: row.invoice_no,
    invoiceDate: row.invoice_date,
    subtotal: Number(row.subtotal),
    tax: Number(row.tax),
    total: Number(row.total),
    lines: row.lines,
    matchStatus: row.match_status,
    mismatches: row.mismatches,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at,
    approvedBy: row.approved_by,
    approvedAt: row.approved_at,
    approvalNote: row.approval_note,
  };
}

export type InvoiceView = ReturnType<typeof invoiceView>;

export interface InvoiceOutcome {
  invoice: InvoiceView;
  order: OrderView;
  replayed: boolean;
}

/**
 * The supplier's invoice of a purchase order whose receiving is over (all received, or the rest cancelled), matched
 * three ways against the order and its receipts. A match closes the order at once; a mismatch is flagged and waits
 * for a store manager's approval, which closes it. One invoice per order: sending the same invoice again answers with
 * the one recorded, a different one is a conflict.
 */
@Injectable()
export class SupplierInvoicesService {
  constructor(
    private readonly audit: AuditService,
    private readonly orders: PurchaseOrdersService,
  ) {}

  async record(scope: TenantScope, orderId: string, input: SupplierInvoiceInput): Promise<InvoiceOutcome> {
    const requestHash = createHash('sha256').update(canonicalJson(input)).digest('hex');
    const tolerance = purchasingSettings(scope).invoiceMatchTolerancePct;
    const s = ident(scope.tenant.schemaName);
    return scope.em.transactional(async (em) => {
      const order = await this.orders.locked(withEm(scope, em), orderId, 'read');
      assertCan(scope, 'create', 'SupplierInvoice', { storeId: order.order.store_id });
      const [existing] = await this.rows(withEm(scope, em), orderId);
      if (existing) {
        if (existing.request_hash !== requestHash)
          throw Problem.conflict(
            `Purchase order ${order.order.po_number} already has supplier invoice ${existing.invoice_no}.`,
            'invoice-already-recorded',
          );
        return { invoice: invoiceView(existing), order: await this.orders.get(withEm(scope, em), orderId), replayed: true };
      }
      this.orders.assertStatus(
        order,
        ['received'],
        'The invoice is matched once receiving is over: receive the rest of the order or cancel what did not arrive.',
      );
      const onOrder = new Set(order.lines.map((l) => l.product_id));
      const stray: FieldError[] = input.lines.flatMap((l, i) =>
        onOrder.has(l.productId) ? [] : [{ field: `lines.${i}.productId`, message: 'this product is not on the purchase order' }],
      );
      if (stray.length) throw Problem.validation(stray);
      const match = threeWayMatch(
        order.lines.map((l) => ({
          productId: l.product_id,
          productName: l.product_name,
          ordered: l.quantity,
          received: l.received_quantity,
          packSize: l.pack_size,
          packCost: Number(l.pack_cost),
          taxRate: Number(l.tax_rate),
        })),
        input.lines,
        tolerance,
      );
      const id = randomUUID();
      await em.execute(
        `insert into ${s}.supplier_invoice (id, purchase_order_id, invoice_no, invoice_date, subtotal, tax, total, lines, match_status, mismatches, request_hash, recorded_by)
         values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?::jsonb, ?, ?)`,
        [
          id,
          orderId,
          input.invoiceNo,
          input.invoiceDate,
          match.subtotal,
          match.tax,
          match.total,
          JSON.stringify(match.lines),
          match.status,
          JSON.stringify(match.mismatches),
          requestHash,
          scope.actor?.id ?? null,
        ],
      );
      await this.audit.record(withEm(scope, em), {
        action: match.status === 'matched' ? 'supplier-invoice.matched' : 'supplier-invoice.mismatch-flagged',
        entityType: 'SupplierInvoice',
        entityId: id,
        after: { purchaseOrderId: orderId, invoiceNo: input.invoiceNo, total: match.total, mismatches: match.mismatches },
      });
      const [invoice] = await this.rows(withEm(scope, em), orderId);
      const view =
        match.status === 'matched'
          ? await this.orders.closeLocked(withEm(scope, em), { ...order, order: { ...order.order, match_status: 'matched' } })
          : await this.orders.get(withEm(scope, em), orderId);
      return { invoice: invoiceView(invoice), order: view, replayed: false };
    });
  }

  /** A store manager accepts a mismatched invoice (the differences stay on record) and the order closes. */
  async approve(scope: TenantScope, orderId: string, note?: string): Promise<InvoiceOutcome> {
    const s = ident(scope.tenant.schemaName);
    return scope.em.transactional(async (em) => {
      const order = await this.orders.locked(withEm(scope, em), orderId, 'read');
      assertCan(scope, 'create', 'PurchaseApproval', { storeId: order.order.store_id });
      const [invoice] = await this.rows(withEm(scope, em), orderId);
      if (!invoice) throw Problem.notFound('Supplier invoice of this order');
      if (invoice.match_status !== 'mismatch')
        throw Problem.conflict(
          `Invoice ${invoice.invoice_no} is ${invoice.match_status}; only a mismatched invoice needs approval.`,
          'invoice-not-mismatched',
        );
      await em.execute(
        `update ${s}.supplier_invoice set match_status = 'approved', approved_by = ?, approved_at = now(), approval_note = ? where id = ?`,
        [scope.actor?.id ?? null, note ?? null, invoice.id],
      );
      await this.audit.record(withEm(scope, em), {
        action: 'supplier-invoice.mismatch-approved',
        entityType: 'SupplierInvoice',
        entityId: invoice.id,
        before: { matchStatus: 'mismatch', mismatches: invoice.mismatches },
        after: { matchStatus: 'approved', note: note ?? null },
      });
      const [approved] = await this.rows(withEm(scope, em), orderId);
      const view = await this.orders.closeLocked(withEm(scope, em), { ...order, order: { ...order.order, match_status: 'approved' } });
      return { invoice: invoiceView(approved), order: view, replayed: false };
    });
  }

  async get(scope: TenantScope, orderId: string): Promise<InvoiceView> {
    const order = await this.orders.get(scope, orderId);
    assertCan(scope, 'read', 'SupplierInvoice', { storeId: order.storeId });
    const [invoice] = await this.rows(scope, orderId);
    if (!invoice) throw Problem.notFound('Supplier invoice of this order');
    return invoiceView(invoice);
  }

  private rows(scope: TenantScope, orderId: string): Promise<InvoiceRow[]> {
    return scope.em.execute<InvoiceRow[]>(
      `select *, to_char(invoice_date, 'YYYY-MM-DD') as invoice_date from ${ident(scope.tenant.schemaName)}.supplier_invoice where purchase_order_id = ?`,
      [orderId],
    );
  }
}
