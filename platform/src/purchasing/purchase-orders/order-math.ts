/**
 * Purchase money in integer minor units. Costs are per pack and quantities in base units, so a line's value is
 * quantity × packCost / packSize; products can exceed 2^53, hence BigInt. Halves round up (all values are ≥ 0).
 */
function roundDiv(numerator: bigint, denominator: bigint): number {
  return Number((2n * numerator + denominator) / (2n * denominator));
}

export function lineAmount(quantity: number, packCost: number, packSize: number): number {
  return roundDiv(BigInt(quantity) * BigInt(packCost), BigInt(packSize));
}

/** Tax on an amount at a percentage with up to two decimals (5, 12, 16, 2.5). */
export function taxOn(amount: number, ratePct: number): number {
  return roundDiv(BigInt(amount) * BigInt(Math.round(ratePct * 100)), 10_000n);
}

export function totals(lines: Array<{ amount: number; tax: number }>) {
  const subtotal = lines.reduce((sum, l) => sum + l.amount, 0);
  const tax = lines.reduce((sum, l) => sum + l.tax, 0);
  return { subtotal, tax, total: subtotal + tax };
}
