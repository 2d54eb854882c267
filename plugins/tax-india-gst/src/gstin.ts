import { gstStateForCode } from './states.js';

const CHARACTERS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** GSTN's check character: a base-36 Luhn variant over the first 14 characters. */
function checkCharacter(first14: string): string {
  let sum = 0;
  for (let index = 0; index < 14; index++) {
    const product = CHARACTERS.indexOf(first14[index]) * (index % 2 === 0 ? 1 : 2);
    sum += Math.floor(product / 36) + (product % 36);
  }
  return CHARACTERS[(36 - (sum % 36)) % 36];
}

/**
 * A GSTIN: 15 characters, a known state code, and a correct check character — so a transposed digit on a B2B
 * invoice is caught at the counter, not when the buyer's return does not match ours.
 */
export function isValidGstin(value: string): boolean {
  return /^\d{2}[0-9A-Z]{13}$/.test(value) && gstStateForCode(value.slice(0, 2)) !== undefined && checkCharacter(value) === value[14];
}
