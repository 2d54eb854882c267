import type { EntityManager } from '@mikro-orm/postgresql';
import type { TaxComponent, TaxQuote } from '@dawa/plugin-sdk';
import { groupRows, ident } from '../database/sql.js';
import type { BatchPick } from '../inventory/fefo-allocator.js';
import type { PaymentInput } from './payments.js';
import type { SaleCustomer } from './sales.schemas.js';

export interface SaleLineRecord {
  id: string;
  lineNo: number;
  productId: string;
  productName: string;
  schedule: string;
  commodityCode: string | null;
  taxClass: string;
  quantity: number;
  unit: string;
  packSize: number;
  gross: number;
  discountPct: number;
  discount: number;
  amount: number;
  taxable: number;
  tax: number;
  taxRate: number;
  components: TaxComponent[];
  allocations: BatchPick[];
  returnedQuantity: number;
}

export interface SaleRecord {
  id: string;
  storeId: string;
  /** Taken when the sale completes: a sale awaiting its gateway payment (or voided before it) has none. */
  invoiceNo: string | null;
  financialYear: string;
  businessDate: string;
  soldAt: Date;
  status: string;
  customer: SaleCustomer | null;
  prescriptionId: string | null;
  cashierId: string | null;
  currency: string;
  totals: {
    gross: number;
    discount: number;
    taxable: number;
    tax: number;
    roundOff: number;
    total: number;
    paid: number;
    change: number;
  };
  /** What a payment plugin has still to collect before the sale completes. */
  balanceDue: number;
  taxQuote: TaxQuote;
  lines: SaleLineRecord[];
  payments: Array<Omit<PaymentInput, 'gateway'> & { id: string; paymentId?: string }>;
  idempotencyKey: string | null;
  requestHash: string | null;
}

/** Writes a sale, its lines and payments inside the caller's transaction. */
export async function insertSale(em: EntityManager, schema: string, sale: SaleRecord): Promise<void> {
  const s = ident(schema);
  const t = sale.totals;
  await em.execute(
    `insert into ${s}.sale (id, store_id, invoice_no, financial_year, business_date, sold_at, status, customer, prescription_id, cashier_id, currency,
       gross_total, discount_total, taxable_total, tax_total, round_off, total, paid_total, change_due, balance_due, tax_quote, idempotency_key, request_hash)
     values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?)`,
    [
      sale.id,
      sale.storeId,
      sale.invoiceNo,
      sale.financialYear,
      sale.businessDate,
      sale.soldAt,
      sale.status,
      sale.customer ? JSON.stringify(sale.customer) : null,
      sale.prescriptionId,
      sale.cashierId,
      sale.currency,
      t.gross,
      t.discount,
      t.taxable,
      t.tax,
      t.roundOff,
      t.total,
      t.paid,
      t.change,
      sale.balanceDue,
      JSON.stringify(sale.taxQuote),
      sale.idempotencyKey,
      sale.requestHash,
    ],
  );
  await em.execute(
    `insert into ${s}.sale_line (id, sale_id, line_no, product_id, product_name, schedule, commodity_code, tax_class, quantity, unit, pack_size,
       gross, discount_pct, discount, amount, taxable, tax, tax_rate, components, allocations)
     values ${sale.lines.map(() => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb)').join(', ')}`,
    sale.lines.flatMap((l) => [
      l.id,
      sale.id,
      l.lineNo,
      l.productId,
      l.productName,
      l.schedule,
      l.commodityCode,
      l.taxClass,
      l.quantity,
      l.unit,
      l.packSize,
      l.gross,
      l.discountPct,
      l.discount,
      l.amount,
      l.taxable,
      l.tax,
      l.taxRate,
      JSON.stringify(l.components),
      JSON.stringify(l.allocations),
    ]),
  );
  if (!sale.payments.length) return;
  await em.execute(
    `insert into ${s}.sale_payment (id, sale_id, method, amount, reference) values ${sale.payments.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
    sale.payments.flatMap((p) => [p.id, sale.id, p.method, p.amount, p.reference ?? null]),
  );
}

type Row = Record<string, any>;

/** Reads sales back in the shape the API returns, lines and payments in two queries for any number of sales. */
export async function loadSales(em: EntityManager, schema: string, where: { sql: string; params: unknown[] }): Promise<SaleRecord[]> {
  const s = ident(schema);
  const sales = await em.execute<Row[]>(
    `select *, to_char(business_date, 'YYYY-MM-DD') as business_day from ${s}.sale where ${where.sql} order by sold_at desc, id`,
    where.params,
  );
  if (!sales.length) return [];
  const ids = sales.map((r) => r.id);
  const marks = ids.map(() => '?').join(',');
  const lines = await em.execute<Row[]>(`select * from ${s}.sale_line where sale_id in (${marks}) order by line_no`, ids);
  const payments = await em.execute<Row[]>(`select * from ${s}.sale_payment where sale_id in (${marks}) order by id`, ids);
  const linesByParent = groupRows(lines, 'sale_id');
  const paymentsByParent = groupRows(payments, 'sale_id');
  return sales.map((r) => ({
    id: r.id,
    storeId: r.store_id,
    invoiceNo: r.invoice_no,
    financialYear: r.financial_year,
    businessDate: r.business_day,
    soldAt: new Date(r.sold_at),
    status: r.status,
    customer: r.customer,
    prescriptionId: r.prescription_id,
    cashierId: r.cashier_id,
    currency: r.currency,
    totals: {
      gross: Number(r.gross_total),
      discount: Number(r.discount_total),
      taxable: Number(r.taxable_total),
      tax: Number(r.tax_total),
      roundOff: Number(r.round_off),
      total: Number(r.total),
      paid: Number(r.paid_total),
      change: Number(r.change_due),
    },
    balanceDue: Number(r.balance_due),
    taxQuote: r.tax_quote,
    idempotencyKey: r.idempotency_key,
    requestHash: r.request_hash,
    lines: (linesByParent.get(r.id) ?? []).map((l) => ({
      id: l.id,
      lineNo: l.line_no,
      productId: l.product_id,
      productName: l.product_name,
      schedule: l.schedule,
      commodityCode: l.commodity_code,
      taxClass: l.tax_class,
      quantity: l.quantity,
      unit: l.unit,
      packSize: l.pack_size,
      gross: Number(l.gross),
      discountPct: Number(l.discount_pct),
      discount: Number(l.discount),
      amount: Number(l.amount),
      taxable: Number(l.taxable),
      tax: Number(l.tax),
      taxRate: l.tax_rate,
      components: l.components,
      allocations: l.allocations,
      returnedQuantity: l.returned_quantity,
    })),
    payments: (paymentsByParent.get(r.id) ?? []).map((p) => ({
      id: p.id,
      method: p.method,
      amount: Number(p.amount),
      reference: p.reference ?? undefined,
      paymentId: p.payment_id ?? undefined,
    })),
  }));
}

/** The sale as the API shows it: no idempotency internals, tax by rate from the stored quote. */
export function saleView(sale: SaleRecord) {
  const { idempotencyKey: _key, requestHash: _hash, taxQuote, ...rest } = sale;
  return { ...rest, taxByRate: taxQuote.byRate, seller: taxQuote.seller, placeOfSupply: taxQuote.placeOfSupply };
}
