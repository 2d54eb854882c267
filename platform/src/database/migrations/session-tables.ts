/**
 * Sessions and their rotating refresh tokens have the same shape for tenant staff and platform operators; only the
 * schema, the table names and the principal table differ.
 */
export function sessionTablesSql(s: string, names: { session: string; token: string; principal: string }): string[] {
  return [
    `create table ${s}.${names.session} (
      id uuid primary key,
      principal_id uuid not null references ${s}.${names.principal} (id) on delete cascade,
      created_at timestamptz not null default now(),
      revoked_at timestamptz,
      revoke_reason text,
      ip text,
      user_agent text
    )`,
    `create index ${names.session}_principal_idx on ${s}.${names.session} (principal_id)`,
    `create table ${s}.${names.token} (
      id uuid primary key,
      session_id uuid not null references ${s}.${names.session} (id) on delete cascade,
      token_hash bytea not null unique,
      expires_at timestamptz not null,
      used_at timestamptz,
      created_at timestamptz not null default now()
    )`,
    `create index ${names.token}_session_idx on ${s}.${names.token} (session_id)`,
  ];
}
