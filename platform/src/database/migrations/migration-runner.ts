import type { EntityManager } from '@mikro-orm/postgresql';
import { ident } from '../sql.js';
import type { Migration } from './migration.js';

export interface MigrationOutcome {
  schema: string;
  applied: string[];
}

/**
 * Applies the pending migrations of one schema in one transaction (a savepoint when the caller already has one, as
 * provisioning does), so a schema is either fully upgraded or left
 * as it was. An advisory lock keyed on the schema makes concurrent runners (two API processes booting, the CLI and
 * provisioning) wait for each other instead of applying the same migration twice.
 */
export async function migrateSchema(em: EntityManager, schema: string, migrations: Migration[]): Promise<MigrationOutcome> {
  assertOrdered(migrations);
  return em.transactional(async (tx) => {
    const s = ident(schema);
    await tx.execute('select pg_advisory_xact_lock(hashtext(?))', [`migrate:${schema}`]);
    await tx.execute(`create schema if not exists ${s}`);
    await tx.execute(
      `create table if not exists ${s}.schema_migration (name text primary key, applied_at timestamptz not null default now())`,
    );
    const rows = await tx.execute<{ name: string }[]>(`select name from ${s}.schema_migration`);
    const done = new Set(rows.map((r) => r.name));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.name)) continue;
      for (const statement of migration.up(schema)) await tx.execute(statement);
      await tx.execute(`insert into ${s}.schema_migration (name) values (?)`, [migration.name]);
      applied.push(migration.name);
    }
    return { schema, applied };
  });
}

export function latestVersion(migrations: Migration[]): string {
  return migrations[migrations.length - 1]?.name ?? '';
}

function assertOrdered(migrations: Migration[]): void {
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i - 1].name >= migrations[i].name) {
      throw new Error(`Migrations out of order: ${migrations[i - 1].name} before ${migrations[i].name}`);
    }
  }
}
