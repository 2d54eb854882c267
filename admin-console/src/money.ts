/** Minor units (paise, cents) as the tenant's currency, e.g. ₹24.85 or KES 150.00. */
export function formatMoney(minor: number, currency: string): string {
  return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(minor / 100);
}

/** A typed amount ("24.85") in minor units, or undefined when it is not a positive amount. */
export function parseMoney(text: string): number | undefined {
  if (!/^\d+(\.\d{1,2})?$/.test(text.trim())) return undefined;
  return Math.round(Number(text) * 100);
}
