import { PluginError } from './errors.js';

/**
 * An amount in the currency's minor unit (paise, cents) as a safe integer. Money never passes through binary
 * fractions: products and quotients are taken in bigint and rounded once, explicitly.
 */
export type MinorUnits = number;

/** A tax rate in basis points: 500 is 5 %, 1600 is 16 %. Integers keep rate arithmetic exact. */
export type BasisPoints = number;

export const BASIS_POINTS_PER_UNIT = 10_000;

function toSafeNumber(value: bigint): number {
  const result = Number(value);
  if (!Number.isSafeInteger(result)) throw new PluginError('amount_out_of_range', `${value} is beyond exact integer range`);
  return result;
}

/**
 * `amount × numerator / denominator`, rounded half away from zero — half up for the non-negative amounts tax works
 * with, and symmetric for refunds. Exact for any safe-integer inputs.
 */
export function mulDivHalfUp(amount: number, numerator: number, denominator: number): number {
  if (![amount, numerator, denominator].every(Number.isSafeInteger) || denominator <= 0) {
    throw new RangeError(`mulDivHalfUp needs integers and a positive denominator, got ${amount} × ${numerator} / ${denominator}`);
  }
  const product = BigInt(amount) * BigInt(numerator);
  const divisor = BigInt(denominator);
  const quotient = product / divisor;
  const remainder = product % divisor;
  const twiceRemainder = remainder < 0n ? -2n * remainder : 2n * remainder;
  if (twiceRemainder < divisor) return toSafeNumber(quotient);
  return toSafeNumber(product < 0n ? quotient - 1n : quotient + 1n);
}

/** Rounds to the nearest multiple of `unit` (100 paise = one rupee), halves away from zero. */
export function roundToMultiple(amount: MinorUnits, unit: MinorUnits): MinorUnits {
  return mulDivHalfUp(amount, 1, unit) * unit;
}

export function sumMinorUnits(amounts: Iterable<MinorUnits>): MinorUnits {
  let total = 0n;
  for (const amount of amounts) total += BigInt(amount);
  return toSafeNumber(total);
}

/** Exact decimal text of a minor-unit amount: 2485 → "24.85", -5 → "-0.05" (two decimals unless told). */
export function formatMinorUnits(amount: MinorUnits, decimals = 2): string {
  const digits = Math.abs(amount)
    .toString()
    .padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = digits.slice(digits.length - decimals);
  return `${amount < 0 ? '-' : ''}${whole}${decimals ? `.${fraction}` : ''}`;
}

/**
 * The amount in major units as a JSON number, for APIs that insist on decimals (eTIMS, the GSTR-1 file). Parsed once
 * from the exact decimal text, so `JSON.stringify` prints exactly those digits; never compute with the result.
 */
export function toMajorUnits(amount: MinorUnits, decimals = 2): number {
  return Number(formatMinorUnits(amount, decimals));
}

/** A rate as a percentage number for documents and files (1250 → 12.5). */
export function basisPointsToPercent(rate: BasisPoints): number {
  return toMajorUnits(rate, 2);
}
