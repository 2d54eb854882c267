import assert from 'node:assert/strict';
import type { RoleName } from '../../src/access/roles.js';
import { OPERATOR, type TestApp } from './test-app.js';

export const PASSWORD = 'a-good-password-1';

export async function operatorToken(app: TestApp): Promise<string> {
  const res = await app.api.post('/api/v1/platform/auth/login', OPERATOR);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.accessToken;
}

export interface TestTenant {
  id: string;
  slug: string;
  ownerEmail: string;
  ownerToken: string;
}

export async function provisionTenant(
  app: TestApp,
  slug: string,
  options: { country?: string; ownerEmail?: string; settings?: Record<string, unknown> } = {},
): Promise<TestTenant> {
  const ownerEmail = options.ownerEmail ?? `owner@${slug}.test`;
  const token = await operatorToken(app);
  const res = await app.api.post(
    '/api/v1/platform/tenants',
    {
      slug,
      name: `Chain ${slug}`,
      country: options.country ?? 'IN',
      settings: options.settings,
      owner: { email: ownerEmail, name: 'Owner', password: PASSWORD },
    },
    { token },
  );
  assert.equal(res.status, 202, JSON.stringify(res.body));
  await waitForProvisioning(app, res.body.id, { token });
  return { id: res.body.id, slug, ownerEmail, ownerToken: await login(app, slug, ownerEmail) };
}

/** Polls the operator's progress endpoint until the tenant's provisioning workflow reaches `until`; returns the progress. */
export async function waitForProvisioning(
  app: TestApp,
  tenantId: string,
  options: { until?: 'completed' | 'failed'; token?: string; timeoutMs?: number } = {},
): Promise<any> {
  const { until = 'completed', timeoutMs = 60_000 } = options;
  const token = options.token ?? (await operatorToken(app));
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await app.api.get(`/api/v1/platform/tenants/${tenantId}/provisioning`, { token });
    // 503: no worker answered the progress query in time (one was just killed, or is starting); ask again.
    if (res.status === 503 && Date.now() < deadline) continue;
    assert.equal(res.status, 200, JSON.stringify(res.body));
    if (res.body.status === until) return res.body;
    if (res.body.status !== 'running')
      assert.fail(`provisioning ended ${res.body.status}, not ${until}: ${JSON.stringify(res.body.steps)}`);
    if (Date.now() > deadline)
      assert.fail(`provisioning still ${res.body.status} after ${timeoutMs} ms: ${JSON.stringify(res.body.steps)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export async function login(app: TestApp, tenant: string, email: string, password = PASSWORD): Promise<string> {
  const res = await app.api.post('/api/v1/auth/login', { email, password }, { tenant });
  assert.equal(res.status, 200, `login ${email}@${tenant}: ${JSON.stringify(res.body)}`);
  return res.body.accessToken;
}

export async function createStore(app: TestApp, tenant: TestTenant, code: string): Promise<string> {
  const res = await app.api.post(
    '/api/v1/stores',
    { code, name: `Store ${code}`, address: `${code} Road`, region: 'MH' },
    { tenant: tenant.slug, token: tenant.ownerToken },
  );
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}

export async function createUser(
  app: TestApp,
  tenant: TestTenant,
  email: string,
  roles: RoleName[],
  storeIds: string[] = [],
): Promise<{ id: string; token: string }> {
  const res = await app.api.post(
    '/api/v1/users',
    { email, name: email.split('@')[0], password: PASSWORD, roles, storeIds },
    { tenant: tenant.slug, token: tenant.ownerToken },
  );
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return { id: res.body.id, token: await login(app, tenant.slug, email) };
}

export function assertProblem(res: { status: number; body: any; headers: Headers }, status: number, type?: string): void {
  assert.equal(res.status, status, `expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(res.body.status, status);
  assert.equal(typeof res.body.title, 'string');
  if (type) assert.equal(res.body.type, `https://dawa.health/problems/${type}`);
  const text = JSON.stringify(res.body);
  assert.doesNotMatch(text, /\bat [\w.<>]+ \(|node_modules|select |insert into|SQLSTATE/i, 'problem must not leak stack traces or SQL');
}

/** The schema holding a tenant's tables, for tests that look at or tamper with rows directly. */
export async function schemaOf(app: TestApp, slug: string): Promise<string> {
  const [row] = await app.sql<{ schema_name: string }>('select schema_name from public.tenant where slug = $1', [slug]);
  assert.ok(row, `tenant ${slug} exists`);
  return row.schema_name;
}
