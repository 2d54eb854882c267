import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit/audit.service.js';
import { parseListQuery, uuidList, type ListSpec } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { assertCan, scopeWhere, withEm, type TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { parseExpiry, daysBetween } from './expiry.js';
import { assertStoreExists, doNotSellWithinDays, productsForLines, today } from './inventory-context.js';
import type { AdjustmentInput, ReceiptInput } from './inventory.schemas.js';
import { findOrCreateBatch, moveStock } from './ledger.js';
import { StockBatchEntity, type StockBatch } from './stock-batch.entity.js';
import { MOVEMENT_KINDS, StockMovementEntity, type StockMovement } from './stock-movement.entity.js';

export const stockListSpec: ListSpec = {
  sortable: { expiry: 'expiry', quantity: 'quantity', batchNo: 'batchNo', receivedAt: 'receivedAt' },
  defaultSort: ['expiry', 'ASC'],
  filters: ['storeId', 'productId', 'expiringBefore', 'includeEmpty', 'id'],
};

export const movementListSpec: ListSpec = {
  sortable: { occurredAt: 'id', id: 'id', quantity: 'quantity' },
  defaultSort: ['id', 'DESC'],
  filters: ['storeId', 'productId', 'batchId', 'kind', 'transferId', 'from', 'to'],
};

export function batchView(batch: StockBatch, asOf: string, window: number) {
  const days = daysBetween(asOf, batch.expiry);
  return {
    id: batch.id,
    storeId: batch.storeId,
    productId: batch.product.id,
    productName: batch.product.name,
    batchNo: batch.batchNo,
    expiry: batch.expiry,
    daysToExpiry: days,
    expiryStatus: days < 0 ? 'expired' : days < window ? 'do_not_sell' : days <= 90 ? 'near_expiry' : 'ok',
    quantity: batch.quantity,
    cost: batch.cost,
    mrp: batch.mrp,
    supplier: batch.supplier,
    receivedAt: batch.receivedAt,
  };
}

function movementView(m: StockMovement) {
  return {
    id: m.id,
    occurredAt: m.occurredAt,
    storeId: m.storeId,
    productId: m.product.id,
    productName: m.product.name,
    batchId: m.batch.id,
    batchNo: m.batch.batchNo,
    kind: m.kind,
    quantity: m.quantity,
    reason: m.reason,
    reference: m.reference,
    transferId: m.transferId,
    actorId: m.actorId,
  };
}

function dateFilter(value: unknown, field: string): string {
  const parsed = typeof value === 'string' ? parseExpiry(value) : undefined;
  if (!parsed)
    throw Problem.badRequest(`filter.${field} must be a date like 2027-03-31.`, [{ field: `filter.${field}`, message: 'must be a date' }]);
  return parsed;
}

/** Goods in (receipts), corrections (adjustments) and what is on the shelves, batch by batch. */
@Injectable()
export class StockService {
  constructor(private readonly audit: AuditService) {}

  async receive(scope: TenantScope, input: ReceiptInput) {
    assertCan(scope, 'create', 'StockReceipt', { storeId: input.storeId });
    const expired = input.lines.flatMap((line, i) =>
      line.expiry < today(scope)
        ? [
            {
              field: `lines.${i}.expiry`,
              message: `batch ${line.batchNo} expired on ${line.expiry}; expired goods are not received into stock`,
            },
          ]
        : [],
    );
    if (expired.length) throw Problem.validation(expired);
    await assertStoreExists(scope, input.storeId);
    const products = await productsForLines(
      scope,
      input.lines.map((l) => l.productId),
    );
    const schema = scope.tenant.schemaName;
    return scope.em.transactional(async (em) => {
      const lines = [];
      for (const line of input.lines) {
        const batchId = await findOrCreateBatch(
          em,
          schema,
          {
            storeId: input.storeId,
            productId: line.productId,
            batchNo: line.batchNo,
            expiry: line.expiry,
            cost: line.cost,
            mrp: line.mrp,
            supplier: input.supplier,
          },
          randomUUID(),
        );
        const balance = await moveStock(em, schema, {
          storeId: input.storeId,
          productId: line.productId,
          batchId,
          kind: 'receipt',
          quantity: line.quantity,
          reference: input.reference,
          actorId: scope.actor?.id,
          requestId: scope.requestId,
        });
        lines.push({
          batchId,
          productId: line.productId,
          productName: products.get(line.productId)!.name,
          batchNo: line.batchNo,
          expiry: line.expiry,
          quantity: line.quantity,
          balance,
        });
      }
      const receipt = { storeId: input.storeId, reference: input.reference ?? null, supplier: input.supplier ?? null, lines };
      await this.audit.record(withEm(scope, em), {
        action: 'stock.received',
        entityType: 'StockReceipt',
        entityId: input.reference ?? null,
        after: receipt,
      });
      return receipt;
    });
  }

  async adjust(scope: TenantScope, input: AdjustmentInput) {
    assertCan(scope, 'create', 'StockAdjustment', { storeId: input.storeId });
    const s = ident(scope.tenant.schemaName);
    return scope.em.transactional(async (em) => {
      const [batch] = await em.execute<{ product_id: string; batch_no: string; quantity: number }[]>(
        `select product_id, batch_no, quantity from ${s}.stock_batch where id = ? and store_id = ?`,
        [input.batchId, input.storeId],
      );
      if (!batch) throw Problem.notFound('Batch in this store');
      const balance = await moveStock(em, scope.tenant.schemaName, {
        storeId: input.storeId,
        productId: batch.product_id,
        batchId: input.batchId,
        kind: input.reason === 'expired' ? 'expiry_write_off' : 'adjustment',
        quantity: input.delta,
        reason: input.note ? `${input.reason}: ${input.note}` : input.reason,
        actorId: scope.actor?.id,
        requestId: scope.requestId,
      });
      const result = {
        storeId: input.storeId,
        batchId: input.batchId,
        batchNo: batch.batch_no,
        delta: input.delta,
        reason: input.reason,
        note: input.note ?? null,
        balance,
      };
      await this.audit.record(withEm(scope, em), {
        action: 'stock.adjusted',
        entityType: 'StockBatch',
        entityId: input.batchId,
        before: { quantity: batch.quantity },
        after: result,
      });
      return result;
    });
  }

  async list(scope: TenantScope, rawQuery: Record<string, unknown>) {
    const query = parseListQuery(rawQuery, stockListSpec);
    const where: Record<string, unknown>[] = [scopeWhere(scope, 'read', 'Stock')];
    const storeIds = uuidList(query.filter, 'storeId');
    if (storeIds) where.push({ storeId: { $in: storeIds } });
    const productIds = uuidList(query.filter, 'productId');
    if (productIds) where.push({ product: { $in: productIds } });
    const ids = uuidList(query.filter, 'id');
    if (ids) where.push({ id: { $in: ids } });
    if (query.filter.expiringBefore !== undefined)
      where.push({ expiry: { $lt: dateFilter(query.filter.expiringBefore, 'expiringBefore') } });
    if (query.filter.includeEmpty !== true) where.push({ quantity: { $gt: 0 } });
    const [rows, total] = await scope.em.findAndCount(
      StockBatchEntity,
      { $and: where },
      {
        populate: ['product'],
        orderBy: [query.orderBy, { id: 'asc' }],
        limit: query.limit,
        offset: query.offset,
      },
    );
    const asOf = today(scope);
    const window = doNotSellWithinDays(scope);
    return { query, rows: rows.map((b) => batchView(b, asOf, window)), total };
  }

  async movements(scope: TenantScope, rawQuery: Record<string, unknown>) {
    const query = parseListQuery(rawQuery, movementListSpec);
    const where: Record<string, unknown>[] = [scopeWhere(scope, 'read', 'StockMovement')];
    for (const [key, property] of [
      ['storeId', 'storeId'],
      ['productId', 'product'],
      ['batchId', 'batch'],
      ['transferId', 'transferId'],
    ] as const) {
      const ids = uuidList(query.filter, key);
      if (ids) where.push({ [property]: { $in: ids } });
    }
    const kind = query.filter.kind;
    if (kind !== undefined) {
      if (typeof kind !== 'string' || !(MOVEMENT_KINDS as readonly string[]).includes(kind)) {
        throw Problem.badRequest(`filter.kind must be one of ${MOVEMENT_KINDS.join(', ')}.`);
      }
      where.push({ kind });
    }
    if (query.filter.from !== undefined) where.push({ occurredAt: { $gte: dateFilter(query.filter.from, 'from') } });
    if (query.filter.to !== undefined) where.push({ occurredAt: { $lt: dateFilter(query.filter.to, 'to') } });
    const [rows, total] = await scope.em.findAndCount(
      StockMovementEntity,
      { $and: where },
      {
        populate: ['product', 'batch'],
        orderBy: [query.orderBy],
        limit: query.limit,
        offset: query.offset,
      },
    );
    return { query, rows: rows.map(movementView), total };
  }
}
