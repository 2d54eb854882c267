import type { InvoiceColumn, LabelledValue } from './tax-provider.js';

/** Header or totals entries in print order, leaving out those a document does not have. */
export function labelledValues(entries: ReadonlyArray<readonly [label: string, value: string | undefined]>): LabelledValue[] {
  return entries.filter((entry): entry is readonly [string, string] => Boolean(entry[1])).map(([label, value]) => ({ label, value }));
}

/** A table column; amounts and counts are right-aligned, which is the default. */
export function invoiceColumn(key: string, label: string, align: InvoiceColumn['align'] = 'right'): InvoiceColumn {
  return { key, label, align };
}
