/** Days of demand a reorder covers beyond the supplier's lead time. */
export const COVER_DAYS = 30;
/** Velocity is measured over the last this many days of sales, the day of the run included. */
export const VELOCITY_DAYS = 30;
/** Lead time assumed for a product without a preferred supplier. */
export const DEFAULT_LEAD_TIME_DAYS = 7;

export interface StockPosition {
  packSize: number;
  /** Per-store minimum (or the product's reorder level) and maximum, base units. */
  minQuantity: number;
  maxQuantity: number;
  onHand: number;
  onOrder: number;
  /** Base units sold (net of returns) in the last VELOCITY_DAYS days. */
  sold: number;
  leadTimeDays: number;
}

/**
 * How much to order, in base units rounded up to whole packs, or 0. The reorder point is the larger of the minimum
 * and what sells during the lead time; once stock on hand plus on order falls to it, order up to the larger of the
 * maximum and what sells during the lead time plus COVER_DAYS. Velocity is the last VELOCITY_DAYS days' net sales.
 */
export function suggestedQuantity(p: StockPosition) {
  const demand = (days: number) => Math.ceil((p.sold * days) / VELOCITY_DAYS);
  const reorderPoint = Math.max(p.minQuantity, demand(p.leadTimeDays));
  const target = Math.max(p.maxQuantity, demand(p.leadTimeDays + COVER_DAYS));
  const position = p.onHand + p.onOrder;
  const quantity = position > reorderPoint || target <= position ? 0 : Math.ceil((target - position) / p.packSize) * p.packSize;
  return { reorderPoint, target, quantity };
}
