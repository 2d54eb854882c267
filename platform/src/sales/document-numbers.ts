import type { EntityManager } from '@mikro-orm/postgresql';
import { ident } from '../database/sql.js';

export type DocumentKind = 'invoice' | 'credit_note' | 'purchase_order';

const KIND_PREFIX: Record<DocumentKind, string> = { invoice: '', credit_note: 'C', purchase_order: 'PO' };

/**
 * The next number of a store's invoice, credit-note or purchase-order series for a financial year: `S01/2627/000042`,
 * `CS01/2627/000007` for credit notes (invoice and credit-note numbers are at most 16 characters of [A-Za-z0-9/], as
 * Rule 46 requires), `POS01/2627/000003` for purchase orders.
 *
 * Gap-free: the counter row is incremented inside the sale's transaction and stays locked until it commits, so a sale
 * that fails rolls its number back and two sales in the same store can never take the same one. Callers take the
 * number as late as possible in their transaction, so the lock is held briefly.
 */
export async function nextDocumentNumber(
  em: EntityManager,
  schema: string,
  series: { storeId: string; prefix: string; financialYear: string; kind: DocumentKind },
): Promise<string> {
  const [row] = await em.execute<{ value: string }[]>(
    `insert into ${ident(schema)}.document_sequence (store_id, financial_year, kind, next_value) values (?, ?, ?, 2)
     on conflict (store_id, financial_year, kind) do update set next_value = document_sequence.next_value + 1
     returning next_value - 1 as value`,
    [series.storeId, series.financialYear, series.kind],
  );
  const prefix = `${KIND_PREFIX[series.kind]}${series.prefix}`;
  return `${prefix}/${series.financialYear}/${String(row.value).padStart(6, '0')}`;
}
