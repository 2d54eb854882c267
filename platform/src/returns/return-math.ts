import { mulDivHalfUp, roundToMultiple } from '@dawa/plugin-sdk';
import type { BatchPick } from '../inventory/fefo-allocator.js';

/**
 * The share of a sale line's amount (or discount) credited when `quantity` more units come back after `before` were
 * already returned: the pro-rata value of everything returned so far, rounded half up, minus what earlier returns
 * already credited. The first return is exactly `amount × q / sold` rounded half up; the return that completes the
 * line takes the remainder, so a line returned in any number of pieces credits exactly what it cost.
 *
 * Rounding each return on its own instead can overshoot: a ₹0.02 line of 4 tablets returned one by one would credit
 * round(0.5) = 1 paisa three times and leave −1 for the last. Differencing the cumulative share never does.
 */
export function proRataShare(total: number, sold: number, before: number, quantity: number): number {
  return mulDivHalfUp(total, before + quantity, sold) - mulDivHalfUp(total, before, sold);
}

/**
 * What the customer gets back for a credit note. Rounding each credit note's total to the rupee on its own could
 * refund more than was paid (ten ₹1.50 tablets returned one by one would refund ₹2 each, ₹20 for a ₹15 sale), so
 * the refunds follow the rounded running total of everything credited on the sale; the return that completes the
 * sale refunds exactly what is left of what was paid.
 */
export function refundTotal(
  paid: number,
  completesSale: boolean,
  before: { credited: number; refunded: number },
  gross: number,
  unit: number,
): number {
  const left = paid - before.refunded;
  if (completesSale) return left;
  return Math.max(0, Math.min(left, roundToMultiple(before.credited + gross, unit) - before.refunded));
}

export interface BatchReturn {
  batchId: string;
  batchNo: string;
  quantity: number;
  restocked: boolean;
}

/**
 * Which batches take returned units back: the line's own allocations, walked from the last one picked, skipping the
 * units earlier returns already gave back. Stock never lands in a batch that did not sell it, so batch recalls and
 * expiry keep working, and no batch gets back more than it sold on this line. Restocked units come first, then the
 * written-off ones.
 */
export function batchesForReturn(allocations: readonly BatchPick[], before: number, restock: number, writeOff: number): BatchReturn[] {
  const out: BatchReturn[] = [];
  let skip = before;
  const wanted: Array<[boolean, number]> = [
    [true, restock],
    [false, writeOff],
  ];
  for (const pick of [...allocations].reverse()) {
    let free = pick.quantity - Math.min(skip, pick.quantity);
    skip -= pick.quantity - free;
    for (const want of wanted) {
      const take = Math.min(free, want[1]);
      if (take <= 0) continue;
      out.push({ batchId: pick.batchId, batchNo: pick.batchNo, quantity: take, restocked: want[0] });
      want[1] -= take;
      free -= take;
    }
  }
  return out;
}

export interface PaymentShare {
  id: string;
  method: string;
  /** What this payment still holds: what it paid, less change handed back and earlier refunds. */
  refundable: number;
}

/**
 * Splits a refund across the sale's payments, cash last: money goes back the way it came, non-cash methods first in
 * the order they were paid. Card, UPI and M-Pesa money returned to the same account leaves a trail and cannot be
 * turned into cash at the counter (a common return fraud), and the drawer only pays out what cash actually paid.
 * A proportional split would create odd-paisa refunds on every method for no benefit to the customer.
 */
export function splitRefund(amount: number, payments: readonly PaymentShare[]): Array<{ id: string; method: string; amount: number }> {
  const order = [...payments.filter((p) => p.method !== 'cash'), ...payments.filter((p) => p.method === 'cash')];
  const out: Array<{ id: string; method: string; amount: number }> = [];
  let left = amount;
  for (const payment of order) {
    const take = Math.min(left, payment.refundable);
    if (take <= 0) continue;
    out.push({ id: payment.id, method: payment.method, amount: take });
    left -= take;
  }
  if (left > 0) throw new Error(`refund of ${amount} exceeds what the sale's payments hold by ${left}`);
  return out;
}

/** What each payment of a sale holds: change comes out of the cash payments, in the order they were taken. */
export function paymentShares(
  payments: ReadonlyArray<{ id: string; method: string; amount: number }>,
  change: number,
  refunded: ReadonlyMap<string, number>,
): PaymentShare[] {
  let changeLeft = change;
  return payments.map((p) => {
    let held = p.amount;
    if (p.method === 'cash') {
      const fromThis = Math.min(changeLeft, held);
      held -= fromThis;
      changeLeft -= fromThis;
    }
    return { id: p.id, method: p.method, refundable: held - (refunded.get(p.id) ?? 0) };
  });
}
