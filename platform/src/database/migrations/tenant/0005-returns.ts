import { ident } from '../../sql.js';
import type { Migration } from '../migration.js';

/**
 * Sale returns: the credit note (its own gap-free series, its stored tax quote), what each line credits and which
 * batches took the goods back, and one refund per original payment method. `sale_line.returned_quantity` gets a
 * CHECK so that no bug in the service can ever record more returned than sold.
 */
export const returns: Migration = {
  name: '0005-returns',
  up: (schema) => {
    const s = ident(schema);
    return [
      `alter table ${s}.sale_line add constraint sale_line_returned_within_sold check (returned_quantity between 0 and quantity)`,
      `create table ${s}.sale_return (
        id uuid primary key,
        sale_id uuid not null references ${s}.sale (id),
        store_id uuid not null references ${s}.store (id),
        credit_note_no text not null unique,
        financial_year text not null,
        business_date date not null,
        returned_at timestamptz not null default now(),
        reason text not null,
        actor_id uuid,
        currency text not null,
        gross_total bigint not null check (gross_total >= 0),
        taxable_total bigint not null,
        tax_total bigint not null,
        round_off bigint not null,
        total bigint not null check (total >= 0),
        tax_quote jsonb not null,
        idempotency_key text unique,
        request_hash text
      )`,
      `create index sale_return_sale_idx on ${s}.sale_return (sale_id)`,
      `create index sale_return_store_date_idx on ${s}.sale_return (store_id, business_date desc)`,
      `create table ${s}.sale_return_line (
        id uuid primary key,
        return_id uuid not null references ${s}.sale_return (id),
        sale_line_id uuid not null references ${s}.sale_line (id),
        line_no integer not null,
        product_id uuid not null references ${s}.product (id),
        product_name text not null,
        quantity integer not null check (quantity > 0),
        restocked_quantity integer not null check (restocked_quantity >= 0),
        written_off_quantity integer not null check (written_off_quantity >= 0),
        discount bigint not null,
        amount bigint not null check (amount >= 0),
        taxable bigint not null,
        tax bigint not null,
        tax_rate integer not null,
        components jsonb not null,
        batches jsonb not null,
        check (restocked_quantity + written_off_quantity = quantity),
        unique (return_id, line_no)
      )`,
      `create index sale_return_line_sale_line_idx on ${s}.sale_return_line (sale_line_id)`,
      `create table ${s}.sale_refund (
        id uuid primary key,
        return_id uuid not null references ${s}.sale_return (id),
        sale_id uuid not null references ${s}.sale (id),
        sale_payment_id uuid references ${s}.sale_payment (id),
        method text not null check (method in ('cash', 'card', 'upi', 'mpesa', 'other')),
        amount bigint not null check (amount > 0),
        status text not null check (status in ('pending', 'completed', 'failed')),
        created_at timestamptz not null default now(),
        completed_at timestamptz
      )`,
      `create index sale_refund_return_idx on ${s}.sale_refund (return_id)`,
      `create index sale_refund_sale_idx on ${s}.sale_refund (sale_id)`,
      `create index sale_refund_pending_idx on ${s}.sale_refund (status) where status = 'pending'`,
    ];
  },
};
