import { ident } from '../../sql.js';
import type { Migration } from '../migration.js';

/**
 * Purchasing: suppliers and which products they supply (one preferred supplier per product, with the supplier's SKU
 * and the last cost paid), per-store reorder levels, purchase orders with their lines (quantities in base units, costs
 * per pack), goods receipts tied to the batches they created, the supplier's invoice with its three-way match, supplier
 * returns with their credit notes, and the reorder runs that keep nightly drafting idempotent per store and day.
 * Purchase order numbers share the gap-free document counter of invoices and credit notes.
 */
export const purchasing: Migration = {
  name: '0011-purchasing',
  up: (schema) => {
    const s = ident(schema);
    return [
      `alter table ${s}.document_sequence drop constraint document_sequence_kind_check`,
      `alter table ${s}.document_sequence add constraint document_sequence_kind_check
        check (kind in ('invoice', 'credit_note', 'purchase_order'))`,
      `create table ${s}.supplier (
        id uuid primary key,
        name text not null,
        tax_id text,
        phone text,
        email text,
        payment_terms_days integer not null check (payment_terms_days between 0 and 365),
        return_window_days integer not null check (return_window_days between 0 and 730),
        lead_time_days integer not null check (lead_time_days between 0 and 365),
        active boolean not null default true,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`,
      `create unique index supplier_name_idx on ${s}.supplier (lower(name))`,
      `create table ${s}.product_supplier (
        supplier_id uuid not null references ${s}.supplier (id),
        product_id uuid not null references ${s}.product (id),
        supplier_sku text,
        last_cost bigint check (last_cost >= 0),
        preferred boolean not null default false,
        updated_at timestamptz not null default now(),
        primary key (supplier_id, product_id)
      )`,
      `create unique index product_supplier_preferred_idx on ${s}.product_supplier (product_id) where preferred`,
      `create table ${s}.store_reorder_setting (
        store_id uuid not null references ${s}.store (id),
        product_id uuid not null references ${s}.product (id),
        min_quantity integer not null check (min_quantity >= 0),
        max_quantity integer not null,
        updated_at timestamptz not null default now(),
        primary key (store_id, product_id),
        check (max_quantity >= min_quantity)
      )`,
      `create table ${s}.purchase_order (
        id uuid primary key,
        store_id uuid not null references ${s}.store (id),
        supplier_id uuid not null references ${s}.supplier (id),
        po_number text unique,
        financial_year text,
        status text not null check (status in
          ('draft', 'pending_approval', 'approved', 'sent', 'partially_received', 'received', 'closed', 'cancelled')),
        currency text not null,
        subtotal bigint not null default 0,
        tax bigint not null default 0,
        total bigint not null default 0,
        notes text,
        approval_required boolean,
        reorder_date date,
        created_by uuid,
        submitted_by uuid,
        submitted_at timestamptz,
        approved_by uuid,
        approved_at timestamptz,
        sent_at timestamptz,
        unreceived_cancelled_at timestamptz,
        closed_at timestamptz,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`,
      `create index purchase_order_store_idx on ${s}.purchase_order (store_id, created_at desc)`,
      `create unique index purchase_order_reorder_idx on ${s}.purchase_order (store_id, supplier_id, reorder_date) where reorder_date is not null`,
      `create table ${s}.purchase_order_line (
        id uuid primary key,
        purchase_order_id uuid not null references ${s}.purchase_order (id),
        line_no integer not null,
        product_id uuid not null references ${s}.product (id),
        quantity integer not null check (quantity > 0),
        pack_size integer not null check (pack_size > 0),
        pack_cost bigint not null check (pack_cost >= 0),
        tax_rate numeric(5, 2) not null check (tax_rate between 0 and 100),
        amount bigint not null,
        tax bigint not null,
        received_quantity integer not null default 0 check (received_quantity >= 0),
        free_quantity integer not null default 0 check (free_quantity >= 0),
        cancelled_quantity integer not null default 0 check (cancelled_quantity >= 0),
        unique (purchase_order_id, line_no),
        unique (purchase_order_id, product_id),
        check (received_quantity + cancelled_quantity <= quantity)
      )`,
      `create table ${s}.goods_receipt (
        id uuid primary key,
        purchase_order_id uuid not null references ${s}.purchase_order (id),
        store_id uuid not null references ${s}.store (id),
        supplier_id uuid not null references ${s}.supplier (id),
        received_on date not null,
        idempotency_key text unique,
        request_hash text not null,
        received_by uuid,
        received_at timestamptz not null default now()
      )`,
      `create table ${s}.goods_receipt_line (
        id uuid primary key,
        goods_receipt_id uuid not null references ${s}.goods_receipt (id),
        purchase_order_line_id uuid not null references ${s}.purchase_order_line (id),
        product_id uuid not null references ${s}.product (id),
        batch_id uuid not null references ${s}.stock_batch (id),
        batch_no text not null,
        expiry date not null,
        quantity integer not null check (quantity >= 0),
        free_quantity integer not null check (free_quantity >= 0),
        cost bigint not null check (cost >= 0),
        mrp bigint not null check (mrp >= 0),
        check (quantity + free_quantity > 0)
      )`,
      `create index goods_receipt_line_batch_idx on ${s}.goods_receipt_line (batch_id)`,
      `create table ${s}.supplier_invoice (
        id uuid primary key,
        purchase_order_id uuid not null unique references ${s}.purchase_order (id),
        invoice_no text not null,
        invoice_date date not null,
        subtotal bigint not null,
        tax bigint not null,
        total bigint not null,
        lines jsonb not null,
        match_status text not null check (match_status in ('matched', 'mismatch', 'approved')),
        mismatches jsonb not null,
        request_hash text not null,
        recorded_by uuid,
        recorded_at timestamptz not null default now(),
        approved_by uuid,
        approved_at timestamptz,
        approval_note text
      )`,
      `create table ${s}.supplier_return (
        id uuid primary key,
        store_id uuid not null references ${s}.store (id),
        supplier_id uuid not null references ${s}.supplier (id),
        reason text not null check (reason in ('near_expiry', 'damaged')),
        note text,
        status text not null check (status in ('open', 'settled')),
        expected_amount bigint not null check (expected_amount >= 0),
        received_amount bigint not null default 0 check (received_amount >= 0),
        credit_note_refs jsonb not null default '[]',
        settled_at timestamptz,
        idempotency_key text unique,
        request_hash text not null,
        created_by uuid,
        created_at timestamptz not null default now(),
        check (received_amount <= expected_amount)
      )`,
      `create table ${s}.supplier_return_line (
        id uuid primary key,
        supplier_return_id uuid not null references ${s}.supplier_return (id),
        batch_id uuid not null references ${s}.stock_batch (id),
        product_id uuid not null references ${s}.product (id),
        quantity integer not null check (quantity > 0),
        cost bigint not null,
        amount bigint not null,
        received_on date not null
      )`,
      `create index supplier_return_line_batch_idx on ${s}.supplier_return_line (batch_id)`,
      `create table ${s}.reorder_run (
        store_id uuid not null references ${s}.store (id),
        run_date date not null,
        created_at timestamptz not null default now(),
        primary key (store_id, run_date)
      )`,
    ];
  },
};
