import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { ensureDatabase, freePort, startEmbeddedPostgres, startTemporalDevServer } from '@dawa/platform';
import type { ApiProcess } from '@dawa/platform/testing';

/** The platform operator every benchmark database is created with. */
export const OPERATOR = { email: 'bench-operator@dawa.local', password: 'bench-operator-password' };
export const PASSWORD = 'bench-password-123';

/**
 * A throw-away PostgreSQL (fsync off) with a fresh database and an in-memory Temporal dev server (tenant provisioning
 * is a workflow), and the environment an API process needs to use them; API processes run their own worker.
 */
export async function benchDatabase(dataDir: string): Promise<{ env: NodeJS.ProcessEnv; databaseUrl: string; stop(): Promise<void> }> {
  const pg = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), ephemeral: true });
  const temporal = await startTemporalDevServer({ port: await freePort(), namespace: 'default' });
  const database = `bench_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(pg.url(), database);
  return {
    databaseUrl: pg.url(database),
    env: {
      DATABASE_URL: pg.url(database),
      TEMPORAL_ADDRESS: temporal.address,
      DAWA_RUN_WORKER: 'true',
      DAWA_JWT_SECRET: randomBytes(32).toString('hex'),
      DAWA_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      DAWA_OPERATOR_EMAIL: OPERATOR.email,
      DAWA_OPERATOR_PASSWORD: OPERATOR.password,
      DAWA_AUTH_RATE_LIMIT: '1000000',
    },
    stop: async () => {
      await temporal.stop();
      await pg.stop();
    },
  };
}

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

export interface Session {
  slug: string;
  token: string;
}

/** Waits until a chain's provisioning workflow has completed (polling the operator's progress endpoint). */
export async function awaitProvisioned(api: ApiProcess, operatorToken: string, tenantId: string): Promise<void> {
  for (;;) {
    const res = await fetch(`${api.url}/api/v1/platform/tenants/${tenantId}/provisioning`, {
      headers: { authorization: `Bearer ${operatorToken}` },
    });
    const progress = (await res.json()) as any;
    if (!res.ok || progress.status === 'failed') throw new Error(`provisioning ${tenantId}: ${res.status} ${JSON.stringify(progress)}`);
    if (progress.status === 'completed') return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Creates a chain through the operator API, waits for its provisioning workflow and signs its owner in. Returns the
 * session and how long creation took, provisioning included.
 */
export async function provision(
  api: ApiProcess,
  operatorToken: string,
  slug: string,
  country: string,
): Promise<{ session: Session; ms: number }> {
  const t0 = performance.now();
  const tenant = await post(
    api,
    '/api/v1/platform/tenants',
    { slug, name: `Bench chain ${slug}`, country, owner: { email: `owner@${slug}.test`, name: 'Owner', password: PASSWORD } },
    { authorization: `Bearer ${operatorToken}` },
  );
  await awaitProvisioned(api, operatorToken, tenant.id);
  const ms = performance.now() - t0;
  const login = await post(api, '/api/v1/auth/login', { email: `owner@${slug}.test`, password: PASSWORD }, { 'x-tenant': slug });
  return { session: { slug, token: login.accessToken }, ms };
}
