import { ident } from '../../sql.js';
import type { Migration } from '../migration.js';

/**
 * The transactional outbox: what a business write wants to happen next (a notification, a search update, a webhook
 * event to process) is recorded in the same transaction as the write, and handled after it commits. Kept in the
 * tenant's own schema, so a tenant's events never share a table with another's. `dedupe_key` makes emitting the same
 * intent twice (a retried request) a no-op.
 */
export const outbox: Migration = {
  name: '0008-outbox',
  up: (schema) => {
    const s = ident(schema);
    return [
      `create table ${s}.outbox_event (
        id bigint generated always as identity primary key,
        topic text not null,
        payload jsonb not null,
        dedupe_key text,
        status text not null default 'pending' check (status in ('pending', 'done', 'parked')),
        attempts integer not null default 0,
        available_at timestamptz not null default now(),
        locked_until timestamptz,
        last_error text,
        created_at timestamptz not null default now(),
        processed_at timestamptz
      )`,
      `create unique index outbox_event_dedupe on ${s}.outbox_event (topic, dedupe_key) where dedupe_key is not null`,
      `create index outbox_event_due on ${s}.outbox_event (available_at, id) where status = 'pending'`,
      `create index outbox_event_status_created on ${s}.outbox_event (status, created_at desc)`,
    ];
  },
};
