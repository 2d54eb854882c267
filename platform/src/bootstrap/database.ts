import { existsSync } from 'node:fs';
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

export const EMBEDDED_PORT = 54329;

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * DATABASE_URL when set; otherwise a real PostgreSQL started from npm binaries with its data under `.data/`. When
 * that server is already running (say `npm start` is up and the operator CLI runs beside it) it is shared, not
 * started twice.
 */
export async function resolveDatabase(env: Env, log: (line: string) => void): Promise<DatabaseTarget> {
  if (env.DATABASE_URL) return { url: env.DATABASE_URL };
  const dataDir = join(defaultDataDir(env), 'postgres');
  const running = `postgres://dawa:dawa@127.0.0.1:${EMBEDDED_PORT}`;
  if (existsSync(join(dataDir, 'postmaster.pid')) && (await reachable(`${running}/postgres`))) {
    await ensureDatabase(`${running}/postgres`, 'dawa');
    return { url: `${running}/dawa` };
  }
  const embedded = await startEmbeddedPostgres({ dataDir, port: EMBEDDED_PORT, log });
  await ensureDatabase(embedded.url(), 'dawa');
  return { url: embedded.url('dawa'), embedded };
}
