import type { EntityManager } from '@mikro-orm/postgresql';
import { ident } from '../../database/sql.js';

export const ORDER_STATUSES = [
  'draft',
  'pending_approval',
  'approved',
  'sent',
  'partially_received',
  'received',
  'closed',
  'cancelled',
] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export interface OrderLineRow {
  id: string;
  line_no: number;
  product_id: string;
  product_name: string;
  quantity: number;
  pack_size: number;
  pack_cost: string;
  tax_rate: string;
  amount: string;
  tax: string;
  received_quantity: number;
  free_quantity: number;
  cancelled_quantity: number;
}

export interface OrderRow {
  id: string;
  store_id: string;
  supplier_id: string;
  supplier_name: string;
  po_number: string | null;
  financial_year: string | null;
  status: OrderStatus;
  currency: string;
  subtotal: string;
  tax: string;
  total: string;
  notes: string | null;
  approval_required: boolean | null;
  reorder_date: string | null;
  created_by: string | null;
  submitted_by: string | null;
  submitted_at: Date | null;
  approved_by: string | null;
  approved_at: Date | null;
  sent_at: Date | null;
  unreceived_cancelled_at: Date | null;
  closed_at: Date | null;
  created_at: Date;
  match_status: 'matched' | 'mismatch' | 'approved' | null;
}

export interface LoadedOrder {
  order: OrderRow;
  lines: OrderLineRow[];
}

/**
 * Loads purchase orders with their lines. `lock` takes the order row FOR UPDATE first: every change to an order
 * (receipts, invoice, cancellation, approval) queues on that one row, so two of them never act on stale quantities.
 */
export async function loadOrders(
  em: EntityManager,
  schema: string,
  where: { sql: string; params: unknown[] },
  options: { lock?: boolean } = {},
): Promise<LoadedOrder[]> {
  const s = ident(schema);
  if (options.lock) await em.execute(`select id from ${s}.purchase_order po where ${where.sql} order by id for update`, where.params);
  const orders = await em.execute<OrderRow[]>(
    `select po.*, to_char(po.reorder_date, 'YYYY-MM-DD') as reorder_date, sup.name as supplier_name, inv.match_status
     from ${s}.purchase_order po
     join ${s}.supplier sup on sup.id = po.supplier_id
     left join ${s}.supplier_invoice inv on inv.purchase_order_id = po.id
     where ${where.sql}`,
    where.params,
  );
  if (!orders.length) return [];
  const lines = await em.execute<(OrderLineRow & { purchase_order_id: string })[]>(
    `select l.*, p.name as product_name from ${s}.purchase_order_line l join ${s}.product p on p.id = l.product_id
     where l.purchase_order_id in (${orders.map(() => '?').join(',')}) order by l.purchase_order_id, l.line_no`,
    orders.map((o) => o.id),
  );
  return orders.map((order) => ({ order, lines: lines.filter((l) => l.purchase_order_id === order.id) }));
}

export function openQuantity(line: Pick<OrderLineRow, 'quantity' | 'received_quantity' | 'cancelled_quantity'>): number {
  return line.quantity - line.received_quantity - line.cancelled_quantity;
}

export function orderView({ order, lines }: LoadedOrder) {
  return {
    id: order.id,
    poNumber: order.po_number,
    storeId: order.store_id,
    supplierId: order.supplier_id,
    supplierName: order.supplier_name,
    status: order.status,
    currency: order.currency,
    subtotal: Number(order.subtotal),
    tax: Number(order.tax),
    total: Number(order.total),
    notes: order.notes,
    approvalRequired: order.approval_required,
    reorderDate: order.reorder_date,
    invoiceMatch: order.match_status,
    createdBy: order.created_by,
    submittedBy: order.submitted_by,
    submittedAt: order.submitted_at,
    approvedBy: order.approved_by,
    approvedAt: order.approved_at,
    sentAt: order.sent_at,
    unreceivedCancelledAt: order.unreceived_cancelled_at,
    closedAt: order.closed_at,
    createdAt: order.created_at,
    lines: lines.map((l) => ({
      id: l.id,
      lineNo: l.line_no,
      productId: l.product_id,
      productName: l.product_name,
      quantity: l.quantity,
      packSize: l.pack_size,
      packCost: Number(l.pack_cost),
      taxRate: Number(l.tax_rate),
      amount: Number(l.amount),
      tax: Number(l.tax),
      receivedQuantity: l.received_quantity,
      freeQuantity: l.free_quantity,
      cancelledQuantity: l.cancelled_quantity,
      openQuantity: openQuantity(l),
    })),
  };
}

export type OrderView = ReturnType<typeof orderView>;
