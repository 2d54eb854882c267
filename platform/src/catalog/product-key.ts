/**
 * The identity an import matches on, so re-importing a file updates rather than duplicates: the first barcode when
 * there is one, else name + pack + manufacturer (case and spacing ignored).
 */
export function productImportKey(input: {
  barcodes: string[];
  name: string;
  packSize: number;
  baseUnit: string;
  manufacturer: string;
}): string {
  if (input.barcodes.length) return `gtin:${[...input.barcodes].sort()[0]}`;
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
  return `name:${norm(input.name)}|${input.packSize} ${norm(input.baseUnit)}|${norm(input.manufacturer)}`;
}
