import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ensureDatabase, startEmbeddedPostgres, type EmbeddedPostgresHandle } from '@dawa/platform';
import type { ApiProcess } from './api-process.js';

export const OPERATOR = { email: 'bench-operator@dawa.local', password: 'bench-operator-password' };

export async function post(api: ApiProcess, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as any;
  if (!res.ok) throw new Error(`${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

export interface BenchDatabase {
  pg: EmbeddedPostgresHandle;
  databaseUrl: string;
  /** What an API process needs to run against it, with a bootstrap operator and no sign-in rate limit. */
  env: NodeJS.ProcessEnv;
}

/** A throw-away PostgreSQL cluster (fsync off) with one fresh database. */
export async function startBenchDatabase(dataDir: string): Promise<BenchDatabase> {
  const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), ephemeral: true });
  const database = `bench_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(pg.url(), database);
  const databaseUrl = pg.url(database);
  return {
    pg,
    databaseUrl,
    env: {
      DATABASE_URL: databaseUrl,
      DAWA_JWT_SECRET: randomBytes(32).toString('hex'),
      DAWA_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      DAWA_OPERATOR_EMAIL: OPERATOR.email,
      DAWA_OPERATOR_PASSWORD: OPERATOR.password,
      DAWA_AUTH_RATE_LIMIT: '1000000',
    },
  };
}
