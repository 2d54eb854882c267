import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { canonicalJson } from '../../audit/hash-chain.js';
import { AuditService } from '../../audit/audit.service.js';
import { Problem, type FieldError } from '../../common/problem.js';
import { assertCan, withEm, type TenantScope } from '../../common/tenant-scope.js';
import { ident } from '../../database/sql.js';
import { daysBetween } from '../../inventory/expiry.js';
import { today } from '../../inventory/inventory-context.js';
import { findOrCreateBatch, moveStock } from '../../inventory/ledger.js';
import { loadOrders, openQuantity, orderView, type LoadedOrder } from '../purchase-orders/order-record.js';
import { PurchaseOrdersService } from '../purchase-orders/purchase-orders.service.js';
import { purchasingSettings } from '../purchasing-settings.js';
import type { GoodsReceiptInput } from '../purchasing.schemas.js';

interface ReceiptRow {
  id: string;
  purchase_order_id: string;
  store_id: string;
  supplier_id: string;
  received_on: string;
  request_hash: string;
  received_by: string | null;
  received_at: Date;
}

interface ReceiptLineRow {
  goods_receipt_id: string;
  product_id: string;
  batch_id: string;
  batch_no: string;
  expiry: string;
  quantity: number;
  free_quantity: number;
  cost: string;
  mrp: string;
}

export interface ReceiptOutcome {
  receipt: ReturnType<typeof receiptView> & { order: ReturnType<typeof orderView> };
  replayed: boolean;
}

function receiptView(receipt: ReceiptRow, lines: ReceiptLineRow[]) {
  return {
    id: receipt.id,
    purchaseOrderId: receipt.purchase_order_id,
    storeId: receipt.store_id,
    supplierId: receipt.supplier_id,
    receivedOn: receipt.received_on,
    receivedBy: receipt.received_by,
    receivedAt: receipt.received_at,
    lines: lines
      .filter((l) => l.goods_receipt_id === receipt.id)
      .map((l) => ({
        productId: l.product_id,
        batchId: l.batch_id,
        batchNo: l.batch_no,
        expiry: l.expiry,
        quantity: l.quantity,
        freeQuantity: l.free_quantity,
        cost: Number(l.cost),
        mrp: Number(l.mrp),
      })),
  };
}

/**
 * Goods received against a sent purchase order (a GRN), in one transaction on the locked order: each line names an
 * ordered product, a batch (number, expiry, cost and MRP per pack) and the paid and free quantities in base units.
 * Stock moves through the inventory ledger like every other receipt, batch by batch: paid goods as a receipt, free
 * goods as a separate receipt movement marked "free goods" (they cost nothing and are not counted against the order).
 * Paid quantities beyond what is still open on the order are refused (409), so two receipts racing for the last units
 * of a line cannot both land. An Idempotency-Key makes a retried receipt answer with the first instead of adding the
 * stock twice.
 */
@Injectable()
export class GoodsReceiptsService {
  constructor(
    private readonly audit: AuditService,
    private readonly orders: PurchaseOrdersService,
  ) {}

  async receive(scope: TenantScope, orderId: string, input: GoodsReceiptInput, idempotencyKey?: string): Promise<ReceiptOutcome> {
    const requestHash = createHash('sha256')
      .update(canonicalJson({ orderId, ...input }))
      .digest('hex');
    const visible = await this.orders.get(scope, orderId);
    assertCan(scope, 'create', 'GoodsReceipt', { storeId: visible.storeId });
    if (idempotencyKey) {
      const earlier = await this.byIdempotencyKey(scope, idempotencyKey, requestHash);
      if (earlier) return earlier;
    }
    const receivedOn = today(scope);
    this.assertShelfLife(scope, input, receivedOn);
    const schema = scope.tenant.schemaName;
    const s = ident(schema);
    try {
      return await scope.em.transactional(async (em) => {
        const order = await this.orders.locked(withEm(scope, em), orderId, 'read');
        // The receipt row (and its Idempotency-Key) first: a concurrent retry of this same receipt fails here on the
        // key and answers with the receipt that won, rather than being judged against quantities that receipt took.
        const receiptId = randomUUID();
        await em.execute(
          `insert into ${s}.goods_receipt (id, purchase_order_id, store_id, supplier_id, received_on, idempotency_key, request_hash, received_by)
           values (?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            receiptId,
            orderId,
            order.order.store_id,
            order.order.supplier_id,
            receivedOn,
            idempotencyKey ?? null,
            requestHash,
            scope.actor?.id ?? null,
          ],
        );
        this.orders.assertStatus(
          order,
          ['sent', 'partially_received'],
          'Goods can only be received against an order sent to the supplier.',
        );
        const byProduct = this.assertOnOrder(order, input);
        // Batches in product order, as sales lock them, so a receipt and a sale never wait on each other in a cycle.
        const lines = input.lines
          .map((line, i) => ({ line, i }))
          .sort((a, b) => (a.line.productId < b.line.productId ? -1 : a.line.productId > b.line.productId ? 1 : a.i - b.i));
        for (const { line } of lines) {
          const batchId = await findOrCreateBatch(
            em,
            schema,
            {
              storeId: order.order.store_id,
              productId: line.productId,
              batchNo: line.batchNo,
              expiry: line.expiry,
              cost: line.cost,
              mrp: line.mrp,
              supplier: order.order.supplier_name,
            },
            randomUUID(),
          );
          const movement = {
            storeId: order.order.store_id,
            productId: line.productId,
            batchId,
            kind: 'receipt' as const,
            reference: order.order.po_number,
            actorId: scope.actor?.id,
            requestId: scope.requestId,
          };
          if (line.quantity > 0) await moveStock(em, schema, { ...movement, quantity: line.quantity });
          if (line.freeQuantity > 0) await moveStock(em, schema, { ...movement, quantity: line.freeQuantity, reason: 'free goods' });
          await em.execute(
            `insert into ${s}.goods_receipt_line (id, goods_receipt_id, purchase_order_line_id, product_id, batch_id, batch_no, expiry, quantity, free_quantity, cost, mrp)
             values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            [
              randomUUID(),
              receiptId,
              byProduct.get(line.productId)!.id,
              line.productId,
              batchId,
              line.batchNo,
              line.expiry,
              line.quantity,
              line.freeQuantity,
              line.cost,
              line.mrp,
            ],
          );
        }
        for (const [productId, orderLine] of byProduct) {
          const paid = input.lines.filter((l) => l.productId === productId);
          await em.execute(
            `update ${s}.purchase_order_line set received_quantity = received_quantity + ?, free_quantity = free_quantity + ? where id = ?`,
            [paid.reduce((n, l) => n + l.quantity, 0), paid.reduce((n, l) => n + l.freeQuantity, 0), orderLine.id],
          );
          const lastCost = paid.filter((l) => l.quantity > 0).at(-1)?.cost;
          if (lastCost !== undefined)
            await em.execute(
              `insert into ${s}.product_supplier (supplier_id, product_id, last_cost) values (?, ?, ?)
               on conflict (supplier_id, product_id) do update set last_cost = excluded.last_cost, updated_at = now()`,
              [order.order.supplier_id, productId, lastCost],
            );
        }
        await em.execute(
          `update ${s}.purchase_order po set updated_at = now(), status = case when exists (
             select 1 from ${s}.purchase_order_line l where l.purchase_order_id = po.id and l.quantity > l.received_quantity + l.cancelled_quantity
           ) then 'partially_received' else 'received' end where id = ?`,
          [orderId],
        );
        const outcome = await this.load(withEm(scope, em), receiptId);
        await this.audit.record(withEm(scope, em), {
          action: 'purchase-order.goods-received',
          entityType: 'GoodsReceipt',
          entityId: receiptId,
          after: {
            purchaseOrderId: orderId,
            poNumber: order.order.po_number,
            status: outcome.order.status,
            lines: outcome.lines.map((l) => ({
              productId: l.productId,
              batchNo: l.batchNo,
              quantity: l.quantity,
              freeQuantity: l.freeQuantity,
              cost: l.cost,
            })),
          },
        });
        return { receipt: outcome, replayed: false };
      });
    } catch (error) {
      // The same key sent twice at once: the other request committed first, so answer with its receipt.
      if (idempotencyKey && error instanceof UniqueConstraintViolationException) {
        const earlier = await this.byIdempotencyKey(scope, idempotencyKey, requestHash);
        if (earlier) return earlier;
      }
      throw error;
    }
  }

  async listForOrder(scope: TenantScope, orderId: string) {
    const order = await this.orders.get(scope, orderId);
    assertCan(scope, 'read', 'GoodsReceipt', { storeId: order.storeId });
    const s = ident(scope.tenant.schemaName);
    const receipts = await scope.em.execute<ReceiptRow[]>(
      `select *, to_char(received_on, 'YYYY-MM-DD') as received_on from ${s}.goods_receipt where purchase_order_id = ? order by received_at, id`,
      [orderId],
    );
    const lines = await this.lines(
      scope,
      receipts.map((r) => r.id),
    );
    return receipts.map((r) => receiptView(r, lines));
  }

  /** Every received line needs the product on the order and enough open quantity for its paid units. */
  private assertOnOrder(order: LoadedOrder, input: GoodsReceiptInput) {
    const byProduct = new Map(order.lines.map((l) => [l.product_id, l]));
    const notOrdered: FieldError[] = input.lines.flatMap((l, i) =>
      byProduct.has(l.productId) ? [] : [{ field: `lines.${i}.productId`, message: 'this product is not on the purchase order' }],
    );
    if (notOrdered.length) throw Problem.validation(notOrdered);
    const received = new Map<string, (typeof order.lines)[number]>();
    const over = [];
    for (const line of order.lines) {
      const paid = input.lines.filter((l) => l.productId === line.product_id).reduce((n, l) => n + l.quantity, 0);
      if (!input.lines.some((l) => l.productId === line.product_id)) continue;
      received.set(line.product_id, line);
      if (paid > openQuantity(line))
        over.push({ productId: line.product_id, productName: line.product_name, open: openQuantity(line), received: paid });
    }
    if (over.length)
      throw Problem.conflict(
        `More than is still open on the order: ${over.map((o) => `${o.productName} ${o.received} received, ${o.open} open`).join('; ')}. Record extra goods as free quantity only if the supplier gave them free.`,
        'over-receipt',
        { lines: over },
      );
    return received;
  }

  /** Expired goods and goods too close to expiry (the tenant's minimum shelf life) are refused, line by line. */
  private assertShelfLife(scope: TenantScope, input: GoodsReceiptInput, receivedOn: string): void {
    const minimum = purchasingSettings(scope).minimumShelfLifeDays;
    const errors: FieldError[] = input.lines.flatMap((line, i) => {
      const left = daysBetween(receivedOn, line.expiry);
      if (left <= 0)
        return [
          { field: `lines.${i}.expiry`, message: `batch ${line.batchNo} has expired (${line.expiry}); expired goods are not received` },
        ];
      if (left < minimum)
        return [
          {
            field: `lines.${i}.expiry`,
            message: `batch ${line.batchNo} has ${left} days of shelf life left; this chain accepts at least ${minimum}`,
          },
        ];
      return [];
    });
    if (errors.length) throw Problem.validation(errors);
  }

  private async byIdempotencyKey(scope: TenantScope, key: string, requestHash: string): Promise<ReceiptOutcome | undefined> {
    const em = scope.em.fork();
    const [row] = await em.execute<{ id: string; request_hash: string }[]>(
      `select id, request_hash from ${ident(scope.tenant.schemaName)}.goods_receipt where idempotency_key = ?`,
      [key],
    );
    if (!row) return undefined;
    if (row.request_hash !== requestHash)
      throw Problem.unprocessable(
        'This Idempotency-Key was already used for a different goods receipt. Use a new key for a new receipt.',
        'idempotency-key-reused',
      );
    return { receipt: await this.load(withEm(scope, em), row.id), replayed: true };
  }

  private async load(scope: TenantScope, receiptId: string) {
    const s = ident(scope.tenant.schemaName);
    const [receipt] = await scope.em.execute<ReceiptRow[]>(
      `select *, to_char(received_on, 'YYYY-MM-DD') as received_on from ${s}.goods_receipt where id = ?`,
      [receiptId],
    );
    const lines = await this.lines(scope, [receiptId]);
    const [order] = await loadOrders(scope.em, scope.tenant.schemaName, { sql: 'po.id = ?', params: [receipt.purchase_order_id] });
    return { ...receiptView(receipt, lines), order: orderView(order) };
  }

  private async lines(scope: TenantScope, receiptIds: string[]): Promise<ReceiptLineRow[]> {
    if (!receiptIds.length) return [];
    return scope.em.execute<ReceiptLineRow[]>(
      `select goods_receipt_id, product_id, batch_id, batch_no, to_char(expiry, 'YYYY-MM-DD') as expiry, quantity, free_quantity, cost, mrp
       from ${ident(scope.tenant.schemaName)}.goods_receipt_line where goods_receipt_id in (${receiptIds.map(() => '?').join(',')}) order by id`,
      receiptIds,
    );
  }
}
