import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { LockMode } from '@mikro-orm/postgresql';
import { AuditService } from '../audit/audit.service.js';
import { parseListQuery, uuidList, type ListSpec } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { assertCan, scopeWhere, withEm, type TenantScope } from '../common/tenant-scope.js';
import { allocateFefo } from './fefo-allocator.js';
import { assertStoreExists, doNotSellWithinDays, productsForLines, today } from './inventory-context.js';
import type { TransferInput, TransferReceiptInput } from './inventory.schemas.js';
import { findOrCreateBatch, moveStock } from './ledger.js';
import { StockTransferEntity, type StockTransfer, type TransferLine } from './stock-transfer.entity.js';

export const transferListSpec: ListSpec = {
  sortable: { createdAt: 'createdAt', status: 'status' },
  defaultSort: ['createdAt', 'DESC'],
  filters: ['status', 'fromStoreId', 'toStoreId', 'id'],
};

function transferView(t: StockTransfer) {
  const sent = t.lines.reduce((sum, l) => sum + l.quantitySent, 0);
  const discrepancy = t.lines.reduce((sum, l) => sum + (l.discrepancy ?? 0), 0);
  return {
    id: t.id,
    fromStoreId: t.fromStoreId,
    toStoreId: t.toStoreId,
    status: t.status,
    lines: t.lines,
    quantitySent: sent,
    discrepancy: t.status === 'received' ? discrepancy : null,
    createdBy: t.createdBy,
    createdAt: t.createdAt,
    receivedBy: t.receivedBy,
    receivedAt: t.receivedAt,
  };
}

/**
 * Moving stock between a chain's stores. Batches travel with their number, expiry, cost and MRP. Sending takes
 * batches FEFO and puts them in transit (out of the sender's stock, not yet in the receiver's); receiving books what
 * was counted into the same batches at the destination and records any difference.
 */
@Injectable()
export class TransfersService {
  constructor(private readonly audit: AuditService) {}

  async send(scope: TenantScope, input: TransferInput) {
    assertCan(scope, 'create', 'Transfer', { fromStoreId: input.fromStoreId });
    await assertStoreExists(scope, input.fromStoreId, 'fromStoreId');
    await assertStoreExists(scope, input.toStoreId, 'toStoreId');
    const products = await productsForLines(
      scope,
      input.lines.map((l) => l.productId),
    );
    // One request line per product, in id order: every transaction locks batches in the same order.
    const wanted = new Map<string, number>();
    for (const line of input.lines) wanted.set(line.productId, (wanted.get(line.productId) ?? 0) + line.quantity);
    const ordered = [...wanted.entries()].sort(([a], [b]) => (a < b ? -1 : 1));
    const schema = scope.tenant.schemaName;
    return scope.em.transactional(async (em) => {
      const id = randomUUID();
      const lines: TransferLine[] = [];
      for (const [productId, quantity] of ordered) {
        const picks = await allocateFefo(em, schema, {
          storeId: input.fromStoreId,
          productId,
          quantity,
          today: today(scope),
          doNotSellWithinDays: doNotSellWithinDays(scope),
          allowNearExpiry: input.allowNearExpiry,
        }).catch((error: unknown) => {
          if (error instanceof Problem) error.details.detail = `${products.get(productId)!.name}: ${error.details.detail}`;
          throw error;
        });
        for (const pick of picks) {
          lines.push({
            productId,
            productName: products.get(productId)!.name,
            batchId: pick.batchId,
            batchNo: pick.batchNo,
            expiry: pick.expiry,
            cost: pick.cost,
            mrp: pick.mrp,
            quantitySent: pick.quantity,
          });
        }
      }
      em.create(StockTransferEntity, {
        id,
        fromStoreId: input.fromStoreId,
        toStoreId: input.toStoreId,
        status: 'in_transit',
        lines,
        createdBy: scope.actor?.id ?? null,
        createdAt: new Date(),
      });
      await em.flush();
      for (const line of lines) {
        await moveStock(em, schema, {
          storeId: input.fromStoreId,
          productId: line.productId,
          batchId: line.batchId,
          kind: 'transfer_out',
          quantity: -line.quantitySent,
          reason: input.allowNearExpiry ? 'near-expiry override' : null,
          reference: input.note ?? null,
          transferId: id,
          actorId: scope.actor?.id,
          requestId: scope.requestId,
        });
      }
      const transfer = await em.findOneOrFail(StockTransferEntity, { id });
      const view = transferView(transfer);
      await this.audit.record(withEm(scope, em), { action: 'transfer.sent', entityType: 'Transfer', entityId: id, after: view });
      return view;
    });
  }

  async receive(scope: TenantScope, id: string, input: TransferReceiptInput) {
    const schema = scope.tenant.schemaName;
    return scope.em.transactional(async (em) => {
      // Locked: two people receiving the same delivery at once must not book it twice.
      const transfer = await em.findOne(
        StockTransferEntity,
        { $and: [{ id }, scopeWhere(scope, 'read', 'Transfer')] },
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!transfer) throw Problem.notFound('Transfer');
      assertCan(withEm(scope, em), 'update', 'Transfer', { toStoreId: transfer.toStoreId, fromStoreId: transfer.fromStoreId });
      if (transfer.status !== 'in_transit')
        throw Problem.conflict(
          `This transfer was already received on ${transfer.receivedAt?.toISOString().slice(0, 10)}.`,
          'transfer-already-received',
        );
      const counted = new Map<string, number>();
      input.lines.forEach((line, i) => {
        if (counted.has(line.batchId)) throw Problem.validation([{ field: `lines.${i}.batchId`, message: 'listed twice' }]);
        counted.set(line.batchId, line.quantityReceived);
      });
      const errors = [
        ...input.lines.flatMap((line, i) => {
          const sent = transfer.lines.find((l) => l.batchId === line.batchId);
          if (!sent) return [{ field: `lines.${i}.batchId`, message: 'is not part of this transfer' }];
          if (line.quantityReceived > sent.quantitySent)
            return [{ field: `lines.${i}.quantityReceived`, message: `more than the ${sent.quantitySent} sent` }];
          return [];
        }),
        ...transfer.lines
          .filter((l) => !counted.has(l.batchId))
          .map((l) => ({ field: 'lines', message: `count batch ${l.batchNo} of ${l.productName} (${l.batchId})` })),
      ];
      if (errors.length) throw Problem.validation(errors);

      const lines: TransferLine[] = [];
      for (const line of transfer.lines) {
        const received = counted.get(line.batchId)!;
        const receivedBatchId = await findOrCreateBatch(
          em,
          schema,
          {
            storeId: transfer.toStoreId,
            productId: line.productId,
            batchNo: line.batchNo,
            expiry: line.expiry,
            cost: line.cost,
            mrp: line.mrp,
          },
          randomUUID(),
        );
        if (received > 0) {
          await moveStock(em, schema, {
            storeId: transfer.toStoreId,
            productId: line.productId,
            batchId: receivedBatchId,
            kind: 'transfer_in',
            quantity: received,
            reference: input.note ?? null,
            transferId: transfer.id,
            actorId: scope.actor?.id,
            requestId: scope.requestId,
          });
        }
        lines.push({ ...line, quantityReceived: received, discrepancy: line.quantitySent - received, receivedBatchId });
      }
      transfer.lines = lines;
      transfer.status = 'received';
      transfer.receivedBy = scope.actor?.id ?? null;
      transfer.receivedAt = new Date();
      await em.flush();
      const view = transferView(transfer);
      await this.audit.record(withEm(scope, em), {
        action: 'transfer.received',
        entityType: 'Transfer',
        entityId: transfer.id,
        after: view,
      });
      return view;
    });
  }

  async list(scope: TenantScope, rawQuery: Record<string, unknown>) {
    const query = parseListQuery(rawQuery, transferListSpec);
    const where: Record<string, unknown>[] = [scopeWhere(scope, 'read', 'Transfer')];
    for (const key of ['fromStoreId', 'toStoreId', 'id'] as const) {
      const ids = uuidList(query.filter, key);
      if (ids) where.push({ [key]: { $in: ids } });
    }
    if (query.filter.status !== undefined) {
      if (query.filter.status !== 'in_transit' && query.filter.status !== 'received')
        throw Problem.badRequest('filter.status must be in_transit or received.');
      where.push({ status: query.filter.status });
    }
    const [rows, total] = await scope.em.findAndCount(
      StockTransferEntity,
      { $and: where },
      { orderBy: [query.orderBy, { id: 'asc' }], limit: query.limit, offset: query.offset },
    );
    return { query, rows: rows.map(transferView), total };
  }

  async get(scope: TenantScope, id: string) {
    const transfer = await scope.em.findOne(StockTransferEntity, { $and: [{ id }, scopeWhere(scope, 'read', 'Transfer')] });
    if (!transfer) throw Problem.notFound('Transfer');
    return transferView(transfer);
  }
}
