import { ident } from '../../sql.js';
import type { Migration } from '../migration.js';

/**
 * Notifications: the chain's own wording per event, channel and language (built-in defaults fill the gaps), one row
 * per message the platform tried to send (unique on the business key, so a redelivered outbox event never sends
 * twice; the recipient sealed by the application and kept masked for lists), and the recipients who asked not to be
 * messaged (found by a keyed hash of the phone number). Staff get an optional phone for the managers' digest.
 */
export const notifications: Migration = {
  name: '0009-notifications',
  up: (schema) => {
    const s = ident(schema);
    return [
      `alter table ${s}.app_user add column phone text`,
      `create table ${s}.notification_template (
        id uuid primary key,
        event_type text not null,
        channel text not null,
        language text not null,
        body text not null,
        active boolean not null default true,
        updated_by uuid,
        updated_at timestamptz not null default now(),
        unique (event_type, channel, language)
      )`,
      `create table ${s}.notification (
        id uuid primary key,
        business_key text not null unique,
        event_type text not null,
        channel text not null,
        store_id uuid references ${s}.store (id),
        language text,
        template text,
        recipient_sealed text,
        recipient_masked text,
        recipient_hash text,
        status text not null default 'queued'
          check (status in ('queued', 'sent', 'delivered', 'failed', 'undelivered', 'skipped')),
        reason text,
        provider_ref text,
        attempts integer not null default 0,
        send_started_at timestamptz,
        last_error text,
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`,
      `create unique index notification_provider_ref_idx on ${s}.notification (provider_ref) where provider_ref is not null`,
      `create index notification_created_idx on ${s}.notification (created_at desc)`,
      `create table ${s}.notification_opt_out (
        id uuid primary key,
        recipient_hash text not null,
        recipient_masked text not null,
        channel text not null,
        reason text not null,
        source text not null check (source in ('staff', 'vendor')),
        created_by uuid,
        created_at timestamptz not null default now(),
        unique (recipient_hash, channel)
      )`,
    ];
  },
};
