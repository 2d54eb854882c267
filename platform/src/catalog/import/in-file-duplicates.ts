import type { ImportRow } from './import-row.js';

/**
 * Remembers, for one file, which row claimed each product and each barcode, so a second row for the same product or
 * the same barcode is reported instead of silently overwriting the first (which would make the outcome depend on
 * row order). Only keys and barcodes are kept, a few megabytes for 100,000 rows.
 */
export class InFileDuplicates {
  private readonly products = new Map<string, number>();
  private readonly barcodes = new Map<string, number>();

  /** Claims the row's product and barcodes; returns why it cannot when an earlier row has them. */
  claim(row: ImportRow): string | undefined {
    const sameProduct = this.products.get(row.key);
    if (sameProduct !== undefined) {
      return row.key.startsWith('gtin:')
        ? `barcodes: ${row.key.slice('gtin:'.length)} is also on row ${sameProduct}; a product may appear only once in a file`
        : `the same product (name, pack and manufacturer) is already on row ${sameProduct}; a product may appear only once in a file`;
    }
    const barcodes = row.given.barcodes ?? [];
    for (const barcode of barcodes) {
      const other = this.barcodes.get(barcode);
      if (other !== undefined) return `barcodes: ${barcode} is also on row ${other}; a barcode can belong to only one product`;
    }
    this.products.set(row.key, row.line);
    for (const barcode of barcodes) this.barcodes.set(barcode, row.line);
    return undefined;
  }
}
