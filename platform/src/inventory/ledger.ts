import type { EntityManager } from '@mikro-orm/postgresql';
import { Problem } from '../common/problem.js';
import { ident } from '../database/sql.js';
import type { MovementKind } from './stock-movement.entity.js';

export interface Movement {
  storeId: string;
  productId: string;
  batchId: string;
  kind: MovementKind;
  /** Signed, in base units: receipts add, sales and write-offs take away. */
  quantity: number;
  reason?: string | null;
  reference?: string | null;
  transferId?: string | null;
  actorId?: string | null;
  requestId?: string | null;
}

/**
 * The only way stock changes: the batch balance and its ledger row, together, in the caller's transaction. The
 * balance update is conditional (`quantity + delta >= 0`) so two transactions racing for the last units cannot both
 * succeed: the second sees the first's committed balance and gets a 409, and the table's CHECK backs it up.
 */
export async function moveStock(em: EntityManager, schema: string, movement: Movement): Promise<number> {
  const s = ident(schema);
  const [row] = await em.execute<{ quantity: number }[]>(
    `update ${s}.stock_batch set quantity = quantity + ?, updated_at = now() where id = ? and quantity + ? >= 0 returning quantity`,
    [movement.quantity, movement.batchId, movement.quantity],
  );
  if (!row) {
    const [batch] = await em.execute<{ quantity: number; batch_no: string }[]>(
      `select quantity, batch_no from ${s}.stock_batch where id = ?`,
      [movement.batchId],
    );
    if (!batch) throw Problem.notFound('Batch');
    throw Problem.conflict(
      `Batch ${batch.batch_no} has only ${batch.quantity} on hand; cannot take ${-movement.quantity}.`,
      'insufficient-stock',
      {
        batchId: movement.batchId,
        available: batch.quantity,
      },
    );
  }
  await em.execute(
    `insert into ${s}.stock_movement (store_id, product_id, batch_id, kind, quantity, reason, reference, transfer_id, actor_id, request_id)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      movement.storeId,
      movement.productId,
      movement.batchId,
      movement.kind,
      movement.quantity,
      movement.reason ?? null,
      movement.reference ?? null,
      movement.transferId ?? null,
      movement.actorId ?? null,
      movement.requestId ?? null,
    ],
  );
  return row.quantity;
}

export interface BatchIdentity {
  storeId: string;
  productId: string;
  batchNo: string;
  expiry: string;
  cost: number;
  mrp: number;
  supplier?: string | null;
}

/**
 * Finds or creates a store's batch by (product, batch number). A batch number names one manufacturing lot, so the
 * same number arriving with a different expiry is a data-entry mistake and is refused rather than merged.
 */
export async function findOrCreateBatch(em: EntityManager, schema: string, batch: BatchIdentity, newId: string): Promise<string> {
  const s = ident(schema);
  const [row] = await em.execute<{ id: string; expiry: string }[]>(
    `insert into ${s}.stock_batch (id, store_id, product_id, batch_no, expiry, cost, mrp, supplier, quantity)
     values (?, ?, ?, ?, ?, ?, ?, ?, 0)
     on conflict (store_id, product_id, batch_no) do update set updated_at = now()
     returning id, to_char(expiry, 'YYYY-MM-DD') as expiry`,
    [newId, batch.storeId, batch.productId, batch.batchNo, batch.expiry, batch.cost, batch.mrp, batch.supplier ?? null],
  );
  if (row.expiry !== batch.expiry) {
    throw Problem.unprocessable(
      `Batch ${batch.batchNo} is already recorded in this store with expiry ${row.expiry}, not ${batch.expiry}. Check the pack.`,
      'batch-expiry-mismatch',
    );
  }
  return row.id;
}
