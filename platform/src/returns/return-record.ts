import type { EntityManager } from '@mikro-orm/postgresql';
import type { TaxComponent, TaxQuote } from '@dawa/plugin-sdk';
import { groupRows, ident } from '../database/sql.js';
import type { BatchReturn } from './return-math.js';

export interface ReturnLineRecord {
  id: string;
  saleLineId: string;
  lineNo: number;
  productId: string;
  productName: string;
  quantity: number;
  restockedQuantity: number;
  writtenOffQuantity: number;
  discount: number;
  amount: number;
  taxable: number;
  tax: number;
  taxRate: number;
  components: TaxComponent[];
  batches: BatchReturn[];
}

export interface RefundRecord {
  id: string;
  salePaymentId: string | null;
  method: string;
  amount: number;
  /** Cash leaves the drawer at once; card, UPI and M-Pesa refunds wait for the payment plugins to process them. */
  status: 'pending' | 'completed' | 'failed';
}

export interface ReturnRecord {
  id: string;
  saleId: string;
  storeId: string;
  creditNoteNo: string;
  financialYear: string;
  businessDate: string;
  returnedAt: Date;
  reason: string;
  actorId: string | null;
  currency: string;
  /** The invoice this credit note corrects. */
  original: { invoiceNo: string; businessDate: string };
  totals: { gross: number; taxable: number; tax: number; roundOff: number; total: number };
  taxQuote: TaxQuote;
  lines: ReturnLineRecord[];
  refunds: RefundRecord[];
  idempotencyKey: string | null;
  requestHash: string | null;
}

const marks = (n: number, one: string) => Array.from({ length: n }, () => one).join(', ');

/** Writes a credit note, its lines and refunds inside the caller's transaction. */
export async function insertReturn(em: EntityManager, schema: string, r: ReturnRecord): Promise<void> {
  const s = ident(schema);
  const t = r.totals;
  await em.execute(
    `insert into ${s}.sale_return (id, sale_id, store_id, credit_note_no, financial_year, business_date, returned_at, reason, actor_id, currency,
       gross_total, taxable_total, tax_total, round_off, total, tax_quote, idempotency_key, request_hash)
     values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)`,
    [
      r.id,
      r.saleId,
      r.storeId,
      r.creditNoteNo,
      r.financialYear,
      r.businessDate,
      r.returnedAt,
      r.reason,
      r.actorId,
      r.currency,
      t.gross,
      t.taxable,
      t.tax,
      t.roundOff,
      t.total,
      JSON.stringify(r.taxQuote),
      r.idempotencyKey,
      r.requestHash,
    ],
  );
  await em.execute(
    `insert into ${s}.sale_return_line (id, return_id, sale_line_id, line_no, product_id, product_name, quantity, restocked_quantity,
       written_off_quantity, discount, amount, taxable, tax, tax_rate, components, batches)
     values ${marks(r.lines.length, '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)')}`,
    r.lines.flatMap((l) => [
      l.id,
      r.id,
      l.saleLineId,
      l.lineNo,
      l.productId,
      l.productName,
      l.quantity,
      l.restockedQuantity,
      l.writtenOffQuantity,
      l.discount,
      l.amount,
      l.taxable,
      l.tax,
      l.taxRate,
      JSON.stringify(l.components),
      JSON.stringify(l.batches),
    ]),
  );
  if (!r.refunds.length) return;
  await em.execute(
    `insert into ${s}.sale_refund (id, return_id, sale_id, sale_payment_id, method, amount, status, completed_at)
     values ${marks(r.refunds.length, `(?, ?, ?, ?, ?, ?, ?, case when ? = 'completed' then now() end)`)}`,
    r.refunds.flatMap((f) => [f.id, r.id, r.saleId, f.salePaymentId, f.method, f.amount, f.status, f.status]),
  );
}

type Row = Record<string, any>;

/** Reads credit notes back in the shape the API returns: lines and refunds in two queries for any number of them. */
export async function loadReturns(em: EntityManager, schema: string, where: { sql: string; params: unknown[] }): Promise<ReturnRecord[]> {
  const s = ident(schema);
  const rows = await em.execute<Row[]>(
    `select r.*, to_char(r.business_date, 'YYYY-MM-DD') as business_day, sale.invoice_no,
       to_char(sale.business_date, 'YYYY-MM-DD') as sale_day
     from ${s}.sale_return r join ${s}.sale sale on sale.id = r.sale_id
     where ${where.sql} order by r.returned_at desc, r.id`,
    where.params,
  );
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const lines = await em.execute<Row[]>(
    `select * from ${s}.sale_return_line where return_id in (${marks(ids.length, '?')}) order by line_no`,
    ids,
  );
  const refunds = await em.execute<Row[]>(
    `select * from ${s}.sale_refund where return_id in (${marks(ids.length, '?')}) order by created_at, id`,
    ids,
  );
  const linesByParent = groupRows(lines, 'return_id');
  const refundsByParent = groupRows(refunds, 'return_id');
  return rows.map((r) => ({
    id: r.id,
    saleId: r.sale_id,
    storeId: r.store_id,
    creditNoteNo: r.credit_note_no,
    financialYear: r.financial_year,
    businessDate: r.business_day,
    returnedAt: new Date(r.returned_at),
    reason: r.reason,
    actorId: r.actor_id,
    currency: r.currency,
    original: { invoiceNo: r.invoice_no, businessDate: r.sale_day },
    totals: {
      gross: Number(r.gross_total),
      taxable: Number(r.taxable_total),
      tax: Number(r.tax_total),
      roundOff: Number(r.round_off),
      total: Number(r.total),
    },
    taxQuote: r.tax_quote,
    idempotencyKey: r.idempotency_key,
    requestHash: r.request_hash,
    lines: (linesByParent.get(r.id) ?? []).map((l) => ({
      id: l.id,
      saleLineId: l.sale_line_id,
      lineNo: l.line_no,
      productId: l.product_id,
      productName: l.product_name,
      quantity: l.quantity,
      restockedQuantity: l.restocked_quantity,
      writtenOffQuantity: l.written_off_quantity,
      discount: Number(l.discount),
      amount: Number(l.amount),
      taxable: Number(l.taxable),
      tax: Number(l.tax),
      taxRate: l.tax_rate,
      components: l.components,
      batches: l.batches,
    })),
    refunds: (refundsByParent.get(r.id) ?? []).map((f) => ({
      id: f.id,
      salePaymentId: f.sale_payment_id,
      method: f.method,
      amount: Number(f.amount),
      status: f.status,
    })),
  }));
}

/** The credit note as the API shows it: no idempotency internals, tax by rate from the stored quote. */
export function returnView(r: ReturnRecord) {
  const { idempotencyKey: _key, requestHash: _hash, taxQuote, ...rest } = r;
  return { ...rest, taxByRate: taxQuote.byRate, taxDate: taxQuote.date };
}
