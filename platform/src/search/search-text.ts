/**
 * What the search box was given. A run of 8–14 digits is what a scanner types (EAN-8 … GTIN-14): it is looked up
 * as a barcode and nothing else, so a misread code finds nothing rather than products whose names share digits.
 */
export function isBarcodeQuery(q: string): boolean {
  return /^\d{8,14}$/.test(q);
}

/** Spacing does not matter to people; it does to `lower(name) = …` and `like …%`. */
export function normaliseQuery(q: string): string {
  return q.trim().replace(/\s+/g, ' ');
}

/** A LIKE pattern for names starting with `text`, its own `%`, `_` and `\` taken literally. */
export function prefixPattern(text: string): string {
  return `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
