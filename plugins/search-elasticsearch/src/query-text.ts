/**
 * What the search box was given. A run of 8–14 digits is what a scanner types (EAN-8 … GTIN-14): it is looked up as
 * a barcode and nothing else, so a misread code finds nothing rather than products whose strengths share digits.
 */
export function isBarcodeQuery(text: string): boolean {
  return /^\d{8,14}$/.test(text);
}

/** Spacing does not matter to people; it does to an exact-name match. */
export function normaliseQuery(text: string): string {
  return text.trim().replace(/\s+/g, ' ');
}

/**
 * The words of a query, lower case, without the brackets and commas around them ("(500mg)," is 500mg). A word with
 * punctuation inside ("2.5mg", "amoxycillin+clavulanic") stays whole: Elasticsearch's analyser splits it as it split
 * the catalogue.
 */
export function queryWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(' ')
    .map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ''))
    .filter(Boolean);
}
