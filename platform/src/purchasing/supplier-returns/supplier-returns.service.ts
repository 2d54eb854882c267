import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { asSubject } from '../../access/ability.js';
import { canonicalJson } from '../../audit/hash-chain.js';
import { AuditService } from '../../audit/audit.service.js';
import { dateRange, parseListQuery, valueFilterSql, type ListSpec } from '../../common/list-query.js';
import { Problem } from '../../common/problem.js';
import { storeAccessSql } from '../../common/store-access.js';
import { assertCan, withEm, type TenantScope } from '../../common/tenant-scope.js';
import { ident } from '../../database/sql.js';
import { daysBetween } from '../../inventory/expiry.js';
import { today } from '../../inventory/inventory-context.js';
import { moveStock } from '../../inventory/ledger.js';
import { lineAmount } from '../purchase-orders/order-math.js';
import type { CreditSettlementInput, SupplierReturnInput } from '../purchasing.schemas.js';

export const supplierReturnListSpec: ListSpec = {
  sortable: { createdAt: 'created_at', expectedAmount: 'expected_amount', status: 'status' },
  defaultSort: ['createdAt', 'DESC'],
  filters: ['storeId', 'supplierId', 'status', 'id', 'from', 'to'],
};

interface ReturnRow {
  id: string;
  store_id: string;
  supplier_id: string;
  supplier_name: string;
  reason: string;
  note: string | null;
  status: 'open' | 'settled';
  expected_amount: string;
  received_amount: string;
  credit_note_refs: Array<{ creditNoteNo: string; amount: number; recordedAt: string }>;
  settled_at: Date | null;
  request_hash: string;
  created_by: string | null;
  created_at: Date;
}

interface ReturnLineRow {
  supplier_return_id: string;
  batch_id: string;
  batch_no: string;
  product_id: string;
  product_name: string;
  quantity: number;
  cost: string;
  amount: string;
  received_on: string;
}

function returnView(row: ReturnRow, lines: ReturnLineRow[]) {
  return {
    id: row.id,
    storeId: row.store_id,
    supplierId: row.supplier_id,
    supplierName: row.supplier_name,
    reason: row.reason,
    note: row.note,
    status: row.status,
    creditNote: {
      expectedAmount: Number(row.expected_amount),
      receivedAmount: Number(row.received_amount),
      outstanding: Number(row.expected_amount) - Number(row.received_amount),
      references: row.credit_note_refs,
      settledAt: row.settled_at,
    },
    createdBy: row.created_by,
    createdAt: row.created_at,
    lines: lines
      .filter((l) => l.supplier_return_id === row.id)
      .map((l) => ({
        batchId: l.batch_id,
        batchNo: l.batch_no,
        productId: l.product_id,
        productName: l.product_name,
        quantity: l.quantity,
        cost: Number(l.cost),
        amount: Number(l.amount),
        receivedOn: l.received_on,
      })),
  };
}

export type SupplierReturnView = ReturnType<typeof returnView>;

/**
 * Batches sent back to the supplier that delivered them (near expiry or damaged), only within that supplier's return
 * window counted from the last goods receipt of the batch, and never more than was received from them less what was
 * already returned. Stock leaves through the ledger (`supplier_return`) in the same transaction; the credit the
 * supplier owes (the receipt's pack cost for the units returned) is tracked until credit notes settle it.
 */
@Injectable()
export class SupplierReturnsService {
  constructor(private readonly audit: AuditService) {}

  async create(
    scope: TenantScope,
    input: SupplierReturnInput,
    idempotencyKey?: string,
  ): Promise<{ supplierReturn: SupplierReturnView; replayed: boolean }> {
    assertCan(scope, 'create', 'SupplierReturn', { storeId: input.storeId });
    const requestHash = createHash('sha256').update(canonicalJson(input)).digest('hex');
    if (idempotencyKey) {
      const earlier = await this.byIdempotencyKey(scope, idempotencyKey, requestHash);
      if (earlier) return { supplierReturn: earlier, replayed: true };
    }
    const schema = scope.tenant.schemaName;
    const s = ident(schema);
    const [supplier] = await scope.em.execute<{ name: string; return_window_days: number }[]>(
      `select name, return_window_days from ${s}.supplier where id = ?`,
      [input.supplierId],
    );
    if (!supplier) throw Problem.validation([{ field: 'supplierId', message: 'no such supplier' }]);
    const [store] = await scope.em.execute(`select 1 from ${s}.store where id = ?`, [input.storeId]);
    if (!store) throw Problem.validation([{ field: 'storeId', message: 'no such store' }]);
    const asOf = today(scope);
    try {
      return await scope.em.transactional(async (em) => {
        const id = randomUUID();
        // Lock the batches first, in the order sales lock them (product, then expiry): two returns of one batch queue
        // here, so the second sees what the first took back.
        const batchIds = input.lines.map((l) => l.batchId);
        await em.execute(
          `select id from ${s}.stock_batch where id in (${batchIds.map(() => '?').join(',')}) order by product_id, expiry, id for update`,
          batchIds,
        );
        const lines = [];
        for (const [i, line] of input.lines.entries()) {
          const [batch] = await em.execute<{ product_id: string; batch_no: string; pack_size: number; product_name: string }[]>(
            `select b.product_id, b.batch_no, p.pack_size, p.name as product_name from ${s}.stock_batch b join ${s}.product p on p.id = b.product_id
             where b.id = ? and b.store_id = ?`,
            [line.batchId, input.storeId],
          );
          if (!batch) throw Problem.validation([{ field: `lines.${i}.batchId`, message: 'no such batch in this store' }]);
          const [receipt] = await em.execute<{ received_on: string | null; received: number | null; cost: string | null }[]>(
            `select to_char(max(gr.received_on), 'YYYY-MM-DD') as received_on, sum(grl.quantity + grl.free_quantity)::int as received,
                    (array_agg(grl.cost order by gr.received_at desc))[1] as cost
             from ${s}.goods_receipt_line grl join ${s}.goods_receipt gr on gr.id = grl.goods_receipt_id
             where grl.batch_id = ? and gr.supplier_id = ?`,
            [line.batchId, input.supplierId],
          );
          if (!receipt.received_on)
            throw Problem.unprocessable(
              `Batch ${batch.batch_no} of ${batch.product_name} was not received from ${supplier.name}; it can only go back to the supplier that delivered it.`,
              'not-from-supplier',
              { batchId: line.batchId },
            );
          const age = daysBetween(receipt.received_on, asOf);
          if (age > supplier.return_window_days)
            throw Problem.unprocessable(
              `${supplier.name} accepts returns within ${supplier.return_window_days} days of receipt; batch ${batch.batch_no} was received on ${receipt.received_on}, ${age} days ago.`,
              'return-window-closed',
              { batchId: line.batchId, receivedOn: receipt.received_on, returnWindowDays: supplier.return_window_days },
            );
          const [returned] = await em.execute<{ quantity: number }[]>(
            `select coalesce(sum(l.quantity), 0)::int as quantity from ${s}.supplier_return_line l
             join ${s}.supplier_return r on r.id = l.supplier_return_id where l.batch_id = ? and r.supplier_id = ?`,
            [line.batchId, input.supplierId],
          );
          if (returned.quantity + line.quantity > receipt.received!)
            throw Problem.unprocessable(
              `Only ${receipt.received! - returned.quantity} of batch ${batch.batch_no} can go back to ${supplier.name} (received ${receipt.received}, returned ${returned.quantity}).`,
              'return-exceeds-receipts',
              { batchId: line.batchId },
            );
          const cost = Number(receipt.cost);
          lines.push({
            ...line,
            ...batch,
            cost,
            amount: lineAmount(line.quantity, cost, batch.pack_size),
            receivedOn: receipt.received_on,
          });
        }
        // Stock leaves in product order, as sales take it, so a return and a sale never wait on each other in a cycle.
        for (const line of [...lines].sort((a, b) => (a.product_id < b.product_id ? -1 : a.product_id > b.product_id ? 1 : 0)))
          await moveStock(em, schema, {
            storeId: input.storeId,
            productId: line.product_id,
            batchId: line.batchId,
            kind: 'supplier_return',
            quantity: -line.quantity,
            reason: input.reason,
            reference: id,
            actorId: scope.actor?.id,
            requestId: scope.requestId,
          });
        const expected = lines.reduce((n, l) => n + l.amount, 0);
        await em.execute(
          `insert into ${s}.supplier_return (id, store_id, supplier_id, reason, note, status, expected_amount, idempotency_key, request_hash, created_by)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            id,
            input.storeId,
            input.supplierId,
            input.reason,
            input.note ?? null,
            expected === 0 ? 'settled' : 'open',
            expected,
            idempotencyKey ?? null,
            requestHash,
            scope.actor?.id ?? null,
          ],
        );
        for (const line of lines)
          await em.execute(
            `insert into ${s}.supplier_return_line (id, supplier_return_id, batch_id, product_id, quantity, cost, amount, received_on) values (?, ?, ?, ?, ?, ?, ?, ?)`,
            [randomUUID(), id, line.batchId, line.product_id, line.quantity, line.cost, line.amount, line.receivedOn],
          );
        const view = await this.load(withEm(scope, em), id);
        await this.audit.record(withEm(scope, em), {
          action: 'supplier-return.created',
          entityType: 'SupplierReturn',
          entityId: id,
          after: {
            storeId: input.storeId,
            supplierId: input.supplierId,
            reason: input.reason,
            expectedAmount: expected,
            lines: input.lines,
          },
        });
        return { supplierReturn: view!, replayed: false };
      });
    } catch (error) {
      if (idempotencyKey && error instanceof UniqueConstraintViolationException) {
        const earlier = await this.byIdempotencyKey(scope, idempotencyKey, requestHash);
        if (earlier) return { supplierReturn: earlier, replayed: true };
      }
      throw error;
    }
  }

  /** A credit note received from the supplier: adds to what was credited; the return is settled when it is all in. */
  async settle(scope: TenantScope, id: string, input: CreditSettlementInput): Promise<SupplierReturnView> {
    const s = ident(scope.tenant.schemaName);
    return scope.em.transactional(async (em) => {
      const [row] = await em.execute<ReturnRow[]>(`select * from ${s}.supplier_return where id = ? for update`, [id]);
      if (!row || !this.canSee(scope, row.store_id)) throw Problem.notFound('Supplier return');
      assertCan(scope, 'update', 'SupplierReturn', { storeId: row.store_id });
      if (row.credit_note_refs.some((r) => r.creditNoteNo === input.creditNoteNo))
        throw Problem.conflict(
          `Credit note ${input.creditNoteNo} is already recorded against this return.`,
          'credit-note-already-recorded',
        );
      if (row.status === 'settled') throw Problem.conflict('This return is already settled.', 'supplier-return-settled');
      const outstanding = Number(row.expected_amount) - Number(row.received_amount);
      if (input.amount > outstanding)
        throw Problem.unprocessable(
          `Only ${outstanding} (minor units) is outstanding on this return; the credit note is for ${input.amount}.`,
          'over-settlement',
          { outstanding },
        );
      const settles = input.amount === outstanding;
      await em.execute(
        `update ${s}.supplier_return set received_amount = received_amount + ?, credit_note_refs = credit_note_refs || ?::jsonb,
           status = ?, settled_at = case when ? then now() else settled_at end where id = ?`,
        [
          input.amount,
          JSON.stringify([{ creditNoteNo: input.creditNoteNo, amount: input.amount, recordedAt: new Date().toISOString() }]),
          settles ? 'settled' : 'open',
          settles,
          id,
        ],
      );
      const view = (await this.load(withEm(scope, em), id))!;
      await this.audit.record(withEm(scope, em), {
        action: settles ? 'supplier-return.settled' : 'supplier-return.credit-received',
        entityType: 'SupplierReturn',
        entityId: id,
        before: { receivedAmount: Number(row.received_amount), status: row.status },
        after: {
          receivedAmount: view.creditNote.receivedAmount,
          status: view.status,
          creditNoteNo: input.creditNoteNo,
          amount: input.amount,
        },
      });
      return view;
    });
  }

  async list(scope: TenantScope, rawQuery: Record<string, unknown>) {
    const query = parseListQuery(rawQuery, supplierReturnListSpec);
    const conditions: string[] = [];
    const params: unknown[] = [];
    const access = storeAccessSql(scope, 'read', 'SupplierReturn', 'r.store_id');
    if (access) {
      conditions.push(access.sql);
      params.push(...access.params);
    }
    const filters = valueFilterSql(query.filter, {
      ids: { storeId: 'r.store_id', supplierId: 'r.supplier_id', id: 'r.id' },
      values: { status: { column: 'r.status', allowed: ['open', 'settled'] } },
    });
    conditions.push(...filters.conditions);
    params.push(...filters.params);
    const dates = dateRange(query.filter, 'r.created_at');
    conditions.push(...dates.conditions);
    params.push(...dates.params);
    const where = conditions.length ? conditions.join(' and ') : 'true';
    const s = ident(scope.tenant.schemaName);
    const [{ count }] = await scope.em.execute<{ count: string }[]>(`select count(*) from ${s}.supplier_return r where ${where}`, params);
    const [column, direction] = Object.entries(query.orderBy)[0];
    const rows = await scope.em.execute<ReturnRow[]>(
      `select r.*, sup.name as supplier_name from ${s}.supplier_return r join ${s}.supplier sup on sup.id = r.supplier_id
       where ${where} order by r.${column} ${direction}, r.id limit ? offset ?`,
      [...params, query.limit, query.offset],
    );
    const lines = await this.lines(
      scope,
      rows.map((r) => r.id),
    );
    return { query, rows: rows.map((r) => returnView(r, lines)), total: Number(count) };
  }

  async get(scope: TenantScope, id: string): Promise<SupplierReturnView> {
    const view = await this.load(scope, id);
    if (!view || !this.canSee(scope, view.storeId)) throw Problem.notFound('Supplier return');
    return view;
  }

  private canSee(scope: TenantScope, storeId: string): boolean {
    return !scope.ability || scope.ability.can('read', asSubject('SupplierReturn', { storeId }));
  }

  private async byIdempotencyKey(scope: TenantScope, key: string, requestHash: string): Promise<SupplierReturnView | undefined> {
    const em = scope.em.fork();
    const [row] = await em.execute<{ id: string; request_hash: string }[]>(
      `select id, request_hash from ${ident(scope.tenant.schemaName)}.supplier_return where idempotency_key = ?`,
      [key],
    );
    if (!row) return undefined;
    if (row.request_hash !== requestHash)
      throw Problem.unprocessable('This Idempotency-Key was already used for a different supplier return.', 'idempotency-key-reused');
    return this.load(withEm(scope, em), row.id);
  }

  private async load(scope: TenantScope, id: string): Promise<SupplierReturnView | undefined> {
    const s = ident(scope.tenant.schemaName);
    const [row] = await scope.em.execute<ReturnRow[]>(
      `select r.*, sup.name as supplier_name from ${s}.supplier_return r join ${s}.supplier sup on sup.id = r.supplier_id where r.id = ?`,
      [id],
    );
    return row ? returnView(row, await this.lines(scope, [id])) : undefined;
  }

  private async lines(scope: TenantScope, ids: string[]): Promise<ReturnLineRow[]> {
    if (!ids.length) return [];
    const s = ident(scope.tenant.schemaName);
    return scope.em.execute<ReturnLineRow[]>(
      `select l.supplier_return_id, l.batch_id, b.batch_no, l.product_id, p.name as product_name, l.quantity, l.cost, l.amount,
              to_char(l.received_on, 'YYYY-MM-DD') as received_on
       from ${s}.supplier_return_line l join ${s}.stock_batch b on b.id = l.batch_id join ${s}.product p on p.id = l.product_id
       where l.supplier_return_id in (${ids.map(() => '?').join(',')}) order by p.name, b.batch_no`,
      ids,
    );
  }
}
