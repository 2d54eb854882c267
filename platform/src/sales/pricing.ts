import type { BatchPick } from '../inventory/fefo-allocator.js';

/** a × b / c rounded half up, in integers (BigInt inside so large quantities cannot lose precision). */
function mulDivHalfUp(a: number, b: number, c: number): number {
  const numerator = BigInt(a) * BigInt(b) * 2n + BigInt(c);
  return Number(numerator / (2n * BigInt(c)));
}

/**
 * The price of a line from the batches FEFO picked, each at its own MRP and pro rata for loose units: 7 tablets of
 * a ₹35.50 strip of 10 cost ₹24.85. Each batch's share is rounded to the paisa, then added.
 */
export function grossFromPicks(picks: readonly BatchPick[], packSize: number): number {
  return picks.reduce((sum, pick) => sum + mulDivHalfUp(pick.quantity, pick.mrp, packSize), 0);
}

/** A percentage discount (up to two decimals) in minor units, rounded half up. */
export function discountAmount(gross: number, discountPct: number): number {
  return mulDivHalfUp(gross, Math.round(discountPct * 100), 10_000);
}
