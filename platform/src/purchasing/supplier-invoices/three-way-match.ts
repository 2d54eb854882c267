import { lineAmount, taxOn } from '../purchase-orders/order-math.js';

export interface MatchOrderLine {
  productId: string;
  productName: string;
  ordered: number;
  received: number;
  packSize: number;
  packCost: number;
  taxRate: number;
}

export interface MatchInvoiceLine {
  productId: string;
  quantity: number;
  packCost: number;
  tax: number;
}

export type Mismatch =
  | { productId: string; productName: string; kind: 'not_invoiced'; received: number }
  | { productId: string; productName: string; kind: 'quantity'; invoiced: number; received: number; ordered: number }
  | { productId: string; productName: string; kind: 'price'; invoiced: number; ordered: number }
  | { productId: string; productName: string; kind: 'tax'; invoiced: number; expected: number };

/** Whether `actual` is further from `expected` than `tolerancePct` percent of it (integer arithmetic, 0.01 % steps). */
function beyond(actual: number, expected: number, tolerancePct: number, floor = 0): boolean {
  const difference = Math.abs(actual - expected);
  return difference > floor && difference * 10_000 > expected * Math.round(tolerancePct * 100);
}

/**
 * The three-way match of a purchase order (what was ordered, at what price and tax rate), its goods receipts (what
 * arrived) and the supplier's invoice (what we are asked to pay). Quantities must agree exactly: the invoice bills
 * what was received. Pack prices and tax may differ from the order within the tenant's tolerance; tax is also allowed
 * one minor unit for the supplier's rounding. Anything else is a mismatch a manager must approve.
 */
export function threeWayMatch(order: MatchOrderLine[], invoice: MatchInvoiceLine[], tolerancePct: number) {
  const billed = new Map(invoice.map((l) => [l.productId, l]));
  const mismatches: Mismatch[] = [];
  for (const line of order) {
    const inv = billed.get(line.productId);
    const named = { productId: line.productId, productName: line.productName };
    if (!inv) {
      if (line.received > 0) mismatches.push({ ...named, kind: 'not_invoiced', received: line.received });
      continue;
    }
    if (inv.quantity !== line.received)
      mismatches.push({ ...named, kind: 'quantity', invoiced: inv.quantity, received: line.received, ordered: line.ordered });
    if (beyond(inv.packCost, line.packCost, tolerancePct))
      mismatches.push({ ...named, kind: 'price', invoiced: inv.packCost, ordered: line.packCost });
    const expectedTax = taxOn(lineAmount(inv.quantity, inv.packCost, line.packSize), line.taxRate);
    if (beyond(inv.tax, expectedTax, tolerancePct, 1)) mismatches.push({ ...named, kind: 'tax', invoiced: inv.tax, expected: expectedTax });
  }
  const packSizes = new Map(order.map((l) => [l.productId, l.packSize]));
  const lines = invoice.map((l) => ({ ...l, amount: lineAmount(l.quantity, l.packCost, packSizes.get(l.productId)!) }));
  const subtotal = lines.reduce((n, l) => n + l.amount, 0);
  const tax = lines.reduce((n, l) => n + l.tax, 0);
  return {
    status: mismatches.length ? ('mismatch' as const) : ('matched' as const),
    mismatches,
    lines,
    subtotal,
    tax,
    total: subtotal + tax,
  };
}
