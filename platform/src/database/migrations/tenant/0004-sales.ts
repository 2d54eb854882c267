import { ident } from '../../sql.js';
import type { Migration } from '../migration.js';

/**
 * Counter sales: the sale with its stored tax quote, lines with their FEFO batch allocations, payments, and the
 * gap-free document numbering per store and financial year. Stores get a short invoice prefix (S01, S02...) so
 * invoice numbers stay within India's 16-character limit and unique across the chain.
 */
export const sales: Migration = {
  name: '0004-sales',
  up: (schema) => {
    const s = ident(schema);
    return [
      `create sequence ${s}.store_number_seq`,
      `alter table ${s}.store add column invoice_prefix text not null default ('S' || lpad(nextval('${schema}.store_number_seq')::text, 2, '0'))`,
      `create unique index store_invoice_prefix_key on ${s}.store (invoice_prefix)`,
      `create table ${s}.document_sequence (
        store_id uuid not null references ${s}.store (id),
        financial_year text not null,
        kind text not null check (kind in ('invoice', 'credit_note')),
        next_value bigint not null,
        primary key (store_id, financial_year, kind)
      )`,
      `create table ${s}.sale (
        id uuid primary key,
        store_id uuid not null references ${s}.store (id),
        invoice_no text not null unique,
        financial_year text not null,
        business_date date not null,
        sold_at timestamptz not null default now(),
        status text not null default 'completed' check (status in ('completed', 'partially_returned', 'returned')),
        customer jsonb,
        prescription_id uuid,
        cashier_id uuid,
        currency text not null,
        gross_total bigint not null,
        discount_total bigint not null,
        taxable_total bigint not null,
        tax_total bigint not null,
        round_off bigint not null,
        total bigint not null check (total >= 0),
        paid_total bigint not null,
        change_due bigint not null check (change_due >= 0),
        tax_quote jsonb not null,
        idempotency_key text unique,
        request_hash text
      )`,
      `create index sale_store_date_idx on ${s}.sale (store_id, business_date desc)`,
      `create table ${s}.sale_line (
        id uuid primary key,
        sale_id uuid not null references ${s}.sale (id),
        line_no integer not null,
        product_id uuid not null references ${s}.product (id),
        product_name text not null,
        schedule text not null,
        commodity_code text,
        tax_class text not null,
        quantity integer not null check (quantity > 0),
        unit text not null,
        pack_size integer not null,
        gross bigint not null,
        discount_pct numeric(5, 2) not null default 0,
        discount bigint not null,
        amount bigint not null,
        taxable bigint not null,
        tax bigint not null,
        tax_rate integer not null,
        components jsonb not null,
        allocations jsonb not null,
        returned_quantity integer not null default 0,
        unique (sale_id, line_no)
      )`,
      `create table ${s}.sale_payment (
        id uuid primary key,
        sale_id uuid not null references ${s}.sale (id),
        method text not null check (method in ('cash', 'card', 'upi', 'mpesa', 'other')),
        amount bigint not null check (amount > 0),
        reference text
      )`,
      `create index sale_payment_sale_idx on ${s}.sale_payment (sale_id)`,
    ];
  },
};
