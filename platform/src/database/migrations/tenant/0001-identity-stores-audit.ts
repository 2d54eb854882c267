import { ident } from '../../sql.js';
import type { Migration } from '../migration.js';
import { sessionTablesSql } from '../session-tables.js';

/** A tenant's foundation: stores, roles, users with store assignments, sessions and the hash-chained audit log. */
export const identityStoresAudit: Migration = {
  name: '0001-identity-stores-audit',
  up: (schema) => {
    const s = ident(schema);
    return [
      `create table ${s}.store (
        id uuid primary key,
        code text not null,
        name text not null,
        address text not null default '',
        region text not null default '',
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`,
      `create unique index store_code_key on ${s}.store (lower(code))`,
      `create table ${s}.role (
        name text primary key,
        description text not null,
        builtin boolean not null default true
      )`,
      `create table ${s}.app_user (
        id uuid primary key,
        email text not null,
        name text not null,
        password_hash text not null,
        status text not null default 'active' check (status in ('active', 'disabled')),
        mfa_secret text,
        mfa_enabled_at timestamptz,
        failed_login_count integer not null default 0,
        locked_until timestamptz,
        password_changed_at timestamptz not null default now(),
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`,
      `create unique index app_user_email_key on ${s}.app_user (lower(email))`,
      `create table ${s}.user_role (
        user_id uuid not null references ${s}.app_user (id) on delete cascade,
        role_name text not null references ${s}.role (name),
        primary key (user_id, role_name)
      )`,
      `create table ${s}.user_store (
        user_id uuid not null references ${s}.app_user (id) on delete cascade,
        store_id uuid not null references ${s}.store (id),
        primary key (user_id, store_id)
      )`,
      `create index user_store_store_idx on ${s}.user_store (store_id)`,
      ...sessionTablesSql(s, { session: 'auth_session', token: 'refresh_token', principal: 'app_user' }),
      `create table ${s}.audit_log (
        id bigint generated always as identity primary key,
        occurred_at timestamptz not null,
        actor_type text not null,
        actor_id text,
        actor_label text,
        action text not null,
        entity_type text not null,
        entity_id text,
        before jsonb,
        after jsonb,
        ip text,
        request_id text,
        prev_hash text not null,
        hash text not null
      )`,
      // Append-only: the application never updates or deletes audit rows, and the database refuses it too.
      // The hash chain still detects tampering by anyone able to switch this trigger off.
      `create function ${s}.audit_log_append_only() returns trigger language plpgsql as $$
        begin raise exception 'audit_log is append-only'; end $$`,
      `create trigger audit_log_append_only before update or delete on ${s}.audit_log
        for each row execute function ${s}.audit_log_append_only()`,
    ];
  },
};
