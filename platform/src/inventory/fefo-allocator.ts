import type { EntityManager } from '@mikro-orm/postgresql';
import { Problem } from '../common/problem.js';
import { ident } from '../database/sql.js';
import { addDays } from './expiry.js';

export interface FefoRequest {
  storeId: string;
  productId: string;
  /** Base units wanted. */
  quantity: number;
  /** The tenant's local date. */
  today: string;
  /** Batches expiring within this many days are held back unless `allowNearExpiry` (a pharmacist's override). */
  doNotSellWithinDays: number;
  allowNearExpiry?: boolean;
}

export interface BatchPick {
  batchId: string;
  batchNo: string;
  expiry: string;
  quantity: number;
  cost: number;
  mrp: number;
}

/**
 * First-expiry-first-out: takes the earliest-expiring sellable batches of a product in a store. Expired batches are
 * never taken; batches inside the do-not-sell window only with an override. The candidate batches are locked in
 * expiry order, so concurrent allocations of the same product queue behind each other (and always lock in the same
 * order, so they cannot deadlock); the caller moves the stock in the same transaction.
 *
 * Used by transfers now and by POS sales.
 */
export async function allocateFefo(em: EntityManager, schema: string, request: FefoRequest): Promise<BatchPick[]> {
  const s = ident(schema);
  const batches = await em.execute<{ id: string; batch_no: string; expiry: string; quantity: number; cost: string; mrp: string }[]>(
    `select id, batch_no, to_char(expiry, 'YYYY-MM-DD') as expiry, quantity, cost, mrp from ${s}.stock_batch
     where store_id = ? and product_id = ? and quantity > 0 and expiry >= ?
     order by expiry, received_at, id
     for update`,
    [request.storeId, request.productId, request.today],
  );
  const windowEnd = addDays(request.today, request.doNotSellWithinDays);
  const usable = batches.filter((b) => request.allowNearExpiry || b.expiry >= windowEnd);
  const available = usable.reduce((sum, b) => sum + b.quantity, 0);
  if (available < request.quantity) {
    const heldBack = batches.reduce((sum, b) => sum + b.quantity, 0) - available;
    throw Problem.conflict(
      `Only ${available} in stock for this product${heldBack ? ` (${heldBack} more expire within ${request.doNotSellWithinDays} days and need a pharmacist's override)` : ''}.`,
      'insufficient-stock',
      { productId: request.productId, requested: request.quantity, available, nearExpiryAvailable: heldBack },
    );
  }
  const picks: BatchPick[] = [];
  let remaining = request.quantity;
  for (const batch of usable) {
    if (remaining === 0) break;
    const take = Math.min(batch.quantity, remaining);
    picks.push({
      batchId: batch.id,
      batchNo: batch.batch_no,
      expiry: batch.expiry,
      quantity: take,
      cost: Number(batch.cost),
      mrp: Number(batch.mrp),
    });
    remaining -= take;
  }
  return picks;
}
