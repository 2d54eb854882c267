import { ident } from '../../sql.js';
import type { Migration } from '../migration.js';

/**
 * Gateway payments and the webhooks that settle them.
 *
 * - `webhook_inbox`: every verified provider event, once: unique on (plugin, event_id), so a vendor's redelivery is
 *   stored and processed a single time. `webhook_refusal` records what failed verification (never its body, only its
 *   hash).
 * - `payment`: one attempt to collect money through a plugin (Razorpay order, M-Pesa STK push, Stripe intent). At most
 *   one pending attempt per sale (partial unique index), and the provider's reference is unique per plugin, so one
 *   vendor event can only ever name one payment.
 * - `payment_refund`: a refund sent through the plugin for a sale refund; its id is the refund id the provider
 *   deduplicates on.
 * - A sale can now wait for its gateway payment (`awaiting_payment`, with `balance_due`) or be voided before it was
 *   paid. Such a sale has no invoice number yet: the number is taken when the sale completes, so the invoice series
 *   stays gap-free (see docs/decisions/0008-gateway-payments-and-sales.md).
 */
export const paymentsWebhooks: Migration = {
  name: '0010-payments-webhooks',
  up: (schema) => {
    const s = ident(schema);
    return [
      `alter table ${s}.sale alter column invoice_no drop not null`,
      `alter table ${s}.sale drop constraint sale_status_check`,
      `alter table ${s}.sale add constraint sale_status_check
         check (status in ('awaiting_payment', 'voided', 'completed', 'partially_returned', 'returned'))`,
      `alter table ${s}.sale add column balance_due bigint not null default 0 check (balance_due >= 0)`,
      `alter table ${s}.sale add constraint sale_invoiced_when_completed
         check ((invoice_no is null) = (status in ('awaiting_payment', 'voided')))`,
      `alter table ${s}.sale add constraint sale_balance_only_while_awaiting check (balance_due = 0 or status = 'awaiting_payment')`,
      `create index sale_awaiting_payment_idx on ${s}.sale (store_id) where status = 'awaiting_payment'`,

      `create table ${s}.webhook_inbox (
        id uuid primary key,
        plugin text not null,
        kind text not null check (kind in ('payment', 'message-status')),
        event_id text not null,
        event_type text not null,
        event jsonb not null,
        status text not null default 'received' check (status in ('received', 'processed', 'refused')),
        outcome text,
        attempts integer not null default 0,
        last_error text,
        received_at timestamptz not null default now(),
        processed_at timestamptz,
        unique (plugin, event_id)
      )`,
      `create index webhook_inbox_received_idx on ${s}.webhook_inbox (received_at desc)`,
      `create table ${s}.webhook_refusal (
        id uuid primary key,
        plugin text not null,
        reason text not null,
        remote_ip text,
        body_sha256 text not null,
        received_at timestamptz not null default now()
      )`,
      `create index webhook_refusal_received_idx on ${s}.webhook_refusal (received_at desc)`,

      `create table ${s}.payment (
        id uuid primary key,
        sale_id uuid references ${s}.sale (id),
        order_id uuid,
        store_id uuid not null references ${s}.store (id),
        plugin text not null,
        method text not null check (method in ('card', 'upi', 'mpesa', 'netbanking', 'wallet')),
        amount bigint not null check (amount > 0),
        currency text not null,
        status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed', 'cancelled')),
        provider_ref text,
        provider_payment_id text,
        payer_phone_sealed text,
        customer_action jsonb,
        failure jsonb,
        flagged_reason text,
        idempotency_key text unique,
        request_hash text,
        created_by uuid,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now(),
        settled_at timestamptz,
        check ((sale_id is null) <> (order_id is null)),
        check ((status = 'pending') = (settled_at is null)),
        unique (plugin, provider_ref)
      )`,
      `create unique index payment_one_pending_per_sale on ${s}.payment (sale_id) where status = 'pending'`,
      `create index payment_created_idx on ${s}.payment (created_at desc)`,
      `alter table ${s}.sale_payment add column payment_id uuid unique references ${s}.payment (id)`,

      `create table ${s}.payment_refund (
        id uuid primary key,
        payment_id uuid not null references ${s}.payment (id),
        sale_refund_id uuid not null unique references ${s}.sale_refund (id),
        plugin text not null,
        amount bigint not null check (amount > 0),
        currency text not null,
        status text not null default 'pending' check (status in ('pending', 'succeeded', 'failed')),
        refund_ref text,
        failure jsonb,
        created_at timestamptz not null default now(),
        settled_at timestamptz,
        check ((status = 'pending') = (settled_at is null)),
        unique (plugin, refund_ref)
      )`,
      `create index payment_refund_payment_idx on ${s}.payment_refund (payment_id)`,
    ];
  },
};
