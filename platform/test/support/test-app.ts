import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { DestinationStream } from 'pino';
import { createPlatform, type Platform } from '../../src/index.js';
import { ensureDatabase } from '../../src/bootstrap/database.js';
import { ApiClient } from './api-client.js';

export const OPERATOR = { email: 'operator@test.dawa', password: 'operator-password-1' };

export interface TestApp {
  platform: Platform;
  url: string;
  api: ApiClient;
  databaseUrl: string;
  /** Runs SQL directly against the test database, as an attacker or an operator with psql would. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

function serverUrl(): string {
  const url = process.env.DAWA_TEST_PG_URL;
  if (!url) throw new Error('DAWA_TEST_PG_URL is not set: run the suite with `npm test`.');
  return url;
}

/** A fresh database on the suite's PostgreSQL server, so each test file sees only its own data. */
export async function freshDatabase(): Promise<string> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(serverUrl(), name);
  const url = new URL(serverUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  const client = new pg.Client({ connectionString: serverUrl() });
  await client.connect();
  try {
    await client.query(`drop database if exists "${name}" with (force)`);
  } finally {
    await client.end();
  }
}

function temporalAddress(): string {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set: run the suite with `npm test`.');
  return address;
}

export interface TestAppOptions {
  /** Run a Temporal worker in the test process (default true); tests of worker crashes run theirs elsewhere. */
  worker?: boolean;
}

/**
 * Boots the real API (Fastify on a loopback port) against a fresh database, the suite's Redis and the suite's Temporal
 * server, with a worker in this process. Test files share the Temporal server but not their databases, so each test
 * app gets its own task queue: one file's worker never runs another file's activities against the wrong database.
 */
export async function startTestApp(
  env: NodeJS.ProcessEnv = {},
  databaseUrl?: string,
  logDestination?: DestinationStream,
  options: TestAppOptions = {},
): Promise<TestApp> {
  const dbUrl = databaseUrl ?? (await freshDatabase());
  const platform = await createPlatform({
    worker: options.worker ?? true,
    env: {
      NODE_ENV: 'test',
      DATABASE_URL: dbUrl,
      REDIS_URL: process.env.REDIS_URL,
      TEMPORAL_ADDRESS: temporalAddress(),
      TEMPORAL_NAMESPACE: process.env.TEMPORAL_NAMESPACE,
      DAWA_TEMPORAL_TASK_QUEUE: `test-${randomBytes(6).toString('hex')}`,
      DAWA_REDIS_KEY_PREFIX: `t${randomBytes(4).toString('hex')}`,
      DAWA_JWT_SECRET: randomBytes(32).toString('hex'),
      DAWA_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      DAWA_OPERATOR_EMAIL: OPERATOR.email,
      DAWA_OPERATOR_PASSWORD: OPERATOR.password,
      DAWA_AUTH_RATE_LIMIT: '100000',
      LOG_LEVEL: process.env.DAWA_TEST_LOG_LEVEL ?? 'silent',
      ...env,
    },
    logDestination,
  });
  const url = await platform.listen(0);
  const pool = new pg.Pool({ connectionString: dbUrl, max: 2 });
  return {
    platform,
    url,
    api: new ApiClient(url),
    databaseUrl: dbUrl,
    sql: async (text, params) => (await pool.query(text, params)).rows,
    async close() {
      await pool.end();
      await platform.close();
      if (!databaseUrl) await dropDatabase(dbUrl);
    },
  };
}
