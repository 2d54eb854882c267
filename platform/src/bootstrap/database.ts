import { join } from 'node:path';
import pg from 'pg';
import type { Env } from '../config/env.js';
import { defaultDataDir } from '../config/config.js';
import { startEmbeddedPostgres, type EmbeddedPostgresHandle } from '../database/embedded-postgres.js';

export interface DatabaseTarget {
  url: string;
  embedded?: EmbeddedPostgresHandle;
}

/** Creates a database on a server if it does not exist (the embedded server starts with only `postgres`). */
export async function ensureDatabase(serverUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/** DATABASE_URL when set; otherwise a real PostgreSQL started from npm binaries with its data under `.data/`. */
export async function resolveDatabase(env: Env, log: (line: string) => void): Promise<DatabaseTarget> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL };
  const embedded = await startEmbeddedPostgres({ dataDir: join(defaultDataDir(env), 'postgres'), port: 54329, log });
  await ensureDatabase(embedded.url(), 'dawa');
  return { url: embedded.url('dawa'), embedded };
}
