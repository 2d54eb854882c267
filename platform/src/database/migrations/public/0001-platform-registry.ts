import { ident } from '../../sql.js';
import type { Migration } from '../migration.js';
import { sessionTablesSql } from '../session-tables.js';

/** The platform's own tables: the tenant registry, domains, migration state and platform operators. */
export const platformRegistry: Migration = {
  name: '0001-platform-registry',
  up: (schema) => {
    const s = ident(schema);
    return [
      `create table ${s}.tenant (
        id uuid primary key,
        slug text not null unique,
        name text not null,
        country char(2) not null,
        currency char(3) not null,
        timezone text not null,
        status text not null check (status in ('provisioning', 'active', 'suspended')),
        schema_name text not null unique,
        settings jsonb not null default '{}',
        branding jsonb not null default '{}',
        plan text not null default 'standard',
        created_at timestamptz not null default now(),
        updated_at timestamptz not null default now()
      )`,
      `create table ${s}.tenant_domain (
        domain text primary key,
        tenant_id uuid not null references ${s}.tenant (id) on delete cascade
      )`,
      `create table ${s}.tenant_migration_state (
        tenant_id uuid primary key references ${s}.tenant (id) on delete cascade,
        version text not null default '',
        status text not null check (status in ('pending', 'running', 'succeeded', 'failed')),
        error text,
        attempts integer not null default 0,
        updated_at timestamptz not null default now()
      )`,
      `create table ${s}.operator (
        id uuid primary key,
        email text not null,
        name text not null,
        password_hash text not null,
        status text not null default 'active' check (status in ('active', 'disabled')),
        failed_login_count integer not null default 0,
        locked_until timestamptz,
        created_at timestamptz not null default now()
      )`,
      `create unique index operator_email_key on ${s}.operator (lower(email))`,
      ...sessionTablesSql(s, { session: 'operator_session', token: 'operator_refresh_token', principal: 'operator' }),
    ];
  },
};
