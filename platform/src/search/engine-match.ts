import type { MatchKind } from './search.service.js';
import { isBarcodeQuery } from './search-text.js';

const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

/**
 * Why a search plugin's hit matched, in the tiers the Postgres search reports, judged from the product itself: the
 * scanned barcode, the exact name, a name prefix, every word found as typed or as a prefix (name, generic name,
 * manufacturer), or else a typo the engine forgave.
 */
export function engineMatch(
  q: string,
  product: { name: string; genericName: string; manufacturer: string },
  barcodes: string[],
): MatchKind {
  if (isBarcodeQuery(q)) return barcodes.includes(q) ? 'barcode' : 'fuzzy';
  const name = product.name.toLowerCase();
  if (name === q.toLowerCase()) return 'exact';
  if (name.startsWith(q.toLowerCase())) return 'prefix';
  const known = words(`${product.name} ${product.genericName} ${product.manufacturer}`);
  return words(q).every((word) => known.some((w) => w.startsWith(word))) ? 'text' : 'fuzzy';
}
