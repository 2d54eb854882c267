import { startApiProcess, type ApiProcess } from './api-process.js';
import { OPERATOR, post, startBenchDatabase } from './bench-setup.js';
import { load, summarise, type LatencySummary } from './stats.js';

/**
 * Issue #2's measures: tenant provisioning time over 100 tenants, and an authenticated list request's latency and
 * the API process's RSS with 1 tenant versus 500 — per-request cost and memory must not grow with the tenant count.
 */
const PASSWORD = 'bench-password-123';

interface Session {
  slug: string;
  token: string;
}

async function provision(api: ApiProcess, operatorToken: string, index: number): Promise<{ session: Session; ms: number }> {
  const slug = `bench-${String(index).padStart(4, '0')}`;
  const t0 = performance.now();
  await post(
    api,
    '/api/v1/platform/tenants',
    {
      slug,
      name: `Bench chain ${index}`,
      country: index % 2 ? 'KE' : 'IN',
      owner: { email: `owner@${slug}.test`, name: 'Owner', password: PASSWORD },
    },
    { authorization: `Bearer ${operatorToken}` },
  );
  const ms = performance.now() - t0;
  const login = await post(api, '/api/v1/auth/login', { email: `owner@${slug}.test`, password: PASSWORD }, { 'x-tenant': slug });
  return { session: { slug, token: login.accessToken }, ms };
}

async function seedStores(api: ApiProcess, session: Session, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    await post(
      api,
      '/api/v1/stores',
      { code: `S-${i}`, name: `Store ${i}`, address: `${i} Main Road`, region: 'MH' },
      { 'x-tenant': session.slug, authorization: `Bearer ${session.token}` },
    );
  }
}

async function listLoad(api: ApiProcess, sessions: Session[], requests: number, concurrency: number): Promise<LatencySummary> {
  const { latencies, wallMs } = await load(requests, concurrency, async (i) => {
    const s = sessions[i % sessions.length];
    const res = await fetch(`${api.url}/api/v1/stores?sort=%5B%22name%22%2C%22ASC%22%5D&range=%5B0%2C24%5D`, {
      headers: { 'x-tenant': s.slug, authorization: `Bearer ${s.token}` },
    });
    if (res.status !== 200) throw new Error(`list → ${res.status}`);
    await res.arrayBuffer();
  });
  return summarise(latencies, wallMs);
}

/**
 * Memory is compared between two fresh API processes doing the same work, one on a database with 1 tenant and one
 * with N, so allocator churn from provisioning (argon2 hashing, DDL) is not mistaken for per-tenant cost.
 */
export async function tenantScaleBenchmark(options: {
  dataDir: string;
  tenants: number;
  requests: number;
  concurrency: number;
  warmup: number;
}) {
  const { pg, env } = await startBenchDatabase(options.dataDir);
  const measure = async (sessions: Session[]) => {
    const api = await startApiProcess(env);
    try {
      await listLoad(api, sessions, options.warmup, options.concurrency); // warm-up: JIT, pool, PostgreSQL's per-connection catalog caches
      const result = await listLoad(api, sessions, options.requests, options.concurrency);
      return { ...result, rssMiB: Math.round(api.rssMiB()) };
    } finally {
      await api.stop();
    }
  };
  try {
    const provisioner = await startApiProcess(env);
    const operatorToken = (await post(provisioner, '/api/v1/platform/auth/login', OPERATOR)).accessToken;
    const provisioningMs: number[] = [];
    const sessions: Session[] = [];
    const add = async (i: number) => {
      const next = await provision(provisioner, operatorToken, i);
      provisioningMs.push(next.ms);
      sessions.push(next.session);
      await seedStores(provisioner, next.session, 30);
    };
    await add(0);
    await provisioner.stop();
    const oneTenant = await measure(sessions);

    const provisioner2 = await startApiProcess(env);
    const operatorToken2 = (await post(provisioner2, '/api/v1/platform/auth/login', OPERATOR)).accessToken;
    for (let i = 1; i < options.tenants; i++) {
      const next = await provision(provisioner2, operatorToken2, i);
      provisioningMs.push(next.ms);
      sessions.push(next.session);
      await seedStores(provisioner2, next.session, 30);
      if (i % 50 === 0) process.stderr.write(`\rprovisioned ${i + 1}/${options.tenants}`);
    }
    process.stderr.write('\n');
    await provisioner2.stop();
    const manyOneActive = await measure(sessions.slice(0, 1));
    const manyAllActive = await measure(sessions);

    const first100 = provisioningMs.slice(0, 100);
    const provisioning = summarise(
      first100,
      first100.reduce((a, b) => a + b, 0),
    );
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    return {
      provisioning: { tenants: first100.length, p50Ms: provisioning.p50, p95Ms: provisioning.p95, maxMs: provisioning.max },
      list: {
        [`1 tenant`]: oneTenant,
        [`${options.tenants} tenants, requests to 1`]: manyOneActive,
        [`${options.tenants} tenants, requests round-robin over all`]: manyAllActive,
        p50Ratio: ratio(manyAllActive.p50, oneTenant.p50),
        p99Ratio: ratio(manyAllActive.p99, oneTenant.p99),
        rssRatio: ratio(manyAllActive.rssMiB, oneTenant.rssMiB),
      },
    };
  } finally {
    await pg.stop();
  }
}
