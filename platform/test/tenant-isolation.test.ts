import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { listQuery } from './support/api-client.js';
import {
  assertProblem,
  createStore,
  createUser,
  login,
  operatorToken,
  PASSWORD,
  provisionTenant,
  type TestTenant,
} from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('tenant isolation', () => {
  let app: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  const SHARED_EMAIL = 'shared.person@example.com';

  before(async () => {
    app = await startTestApp();
    a = await provisionTenant(app, 'chain-alpha');
    b = await provisionTenant(app, 'chain-beta', { country: 'KE' });
    const a1 = await createStore(app, a, 'A-1');
    const b1 = await createStore(app, b, 'B-1');
    await createUser(app, a, SHARED_EMAIL, ['cashier'], [a1]);
    await createUser(app, b, SHARED_EMAIL, ['pharmacist'], [b1]);
  });
  after(() => app?.close());

  it("refuses tenant A's token on tenant B, whatever the route", async () => {
    for (const path of ['/api/v1/stores', '/api/v1/users', '/api/v1/audit-logs', '/api/v1/auth/me', '/api/v1/settings']) {
      assertProblem(await app.api.get(path, { tenant: b.slug, token: a.ownerToken }), 401, 'wrong-tenant');
    }
    assertProblem(await app.api.post('/api/v1/stores', { code: 'X-1', name: 'Intruder' }, { tenant: b.slug, token: a.ownerToken }), 401);
    const stores = await app.api.get('/api/v1/stores', { tenant: b.slug, token: b.ownerToken });
    assert.deepEqual(
      stores.body.map((s: any) => s.code),
      ['B-1'],
      'nothing was written to B',
    );
  });

  it('never lists one tenant’s rows in another tenant’s lists', async () => {
    for (const [tenant, other] of [
      [a, b],
      [b, a],
    ] as const) {
      const stores = await app.api.get(`/api/v1/stores${listQuery({ range: [0, 999] })}`, {
        tenant: tenant.slug,
        token: tenant.ownerToken,
      });
      const users = await app.api.get(`/api/v1/users${listQuery({ range: [0, 999] })}`, { tenant: tenant.slug, token: tenant.ownerToken });
      const audit = await app.api.get(`/api/v1/audit-logs${listQuery({ range: [0, 999] })}`, {
        tenant: tenant.slug,
        token: tenant.ownerToken,
      });
      assert.ok(stores.body.every((s: any) => s.code.startsWith(tenant === a ? 'A-' : 'B-')));
      assert.ok(users.body.every((u: any) => u.email !== other.ownerEmail));
      assert.ok(audit.body.length > 0 && audit.body.every((e: any) => e.actorLabel !== other.ownerEmail));
    }
  });

  it('keeps the same email in two tenants as two independent accounts', async () => {
    const tokenA = await login(app, a.slug, SHARED_EMAIL);
    const tokenB = await login(app, b.slug, SHARED_EMAIL);
    const meA = await app.api.get('/api/v1/auth/me', { tenant: a.slug, token: tokenA });
    const meB = await app.api.get('/api/v1/auth/me', { tenant: b.slug, token: tokenB });
    assert.deepEqual(meA.body.roles, ['cashier']);
    assert.deepEqual(meB.body.roles, ['pharmacist']);
    assert.notEqual(meA.body.id, meB.body.id);
    // A password change in A does not touch B's account.
    const change = await app.api.post(
      '/api/v1/auth/password',
      { currentPassword: PASSWORD, newPassword: 'another-password-2' },
      { tenant: a.slug, token: tokenA },
    );
    assert.equal(change.status, 204);
    await login(app, b.slug, SHARED_EMAIL, PASSWORD);
  });

  it('answers an unknown tenant with 404 and a missing tenant with 400', async () => {
    assertProblem(
      await app.api.post('/api/v1/auth/login', { email: 'x@y.z', password: 'whatever' }, { tenant: 'no-such-chain' }),
      404,
      'unknown-tenant',
    );
    assertProblem(await app.api.get('/api/v1/stores'), 400);
  });

  it('resolves the tenant from the host subdomain', async () => {
    // fetch() may not set Host, so this one request goes through node:http.
    const { port } = new URL(app.url);
    const body = await new Promise<{ status: number; json: any }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          path: '/api/v1/auth/me',
          headers: { host: `${a.slug}.localhost:${port}`, authorization: `Bearer ${a.ownerToken}` },
        },
        (res) => {
          let data = '';
          res.on('data', (chunk) => (data += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(data) }));
        },
      );
      req.on('error', reject);
      req.end();
    });
    assert.equal(body.status, 200);
    assert.equal(body.json.tenant.slug, a.slug);
  });

  it('refuses every request of a suspended tenant with 403 until it is resumed', async () => {
    const op = await operatorToken(app);
    const suspended = await app.api.post(`/api/v1/platform/tenants/${b.id}/suspend`, { reason: 'unpaid invoice' }, { token: op });
    assert.equal(suspended.status, 200);
    assert.equal(suspended.body.status, 'suspended');
    assertProblem(await app.api.get('/api/v1/stores', { tenant: b.slug, token: b.ownerToken }), 403, 'tenant-suspended');
    assertProblem(
      await app.api.post('/api/v1/auth/login', { email: b.ownerEmail, password: PASSWORD }, { tenant: b.slug }),
      403,
      'tenant-suspended',
    );
    assert.equal(
      (await app.api.get('/api/v1/stores', { tenant: a.slug, token: a.ownerToken })).status,
      200,
      'other tenants are unaffected',
    );
    const resumed = await app.api.post(`/api/v1/platform/tenants/${b.id}/resume`, {}, { token: op });
    assert.equal(resumed.body.status, 'active');
    assert.equal((await app.api.get('/api/v1/stores', { tenant: b.slug, token: b.ownerToken })).status, 200);
  });

  it('keeps each tenant in its own schema', async () => {
    const rows = await app.sql<{ slug: string; schema_name: string }>('select slug, schema_name from public.tenant order by slug');
    assert.equal(new Set(rows.map((r) => r.schema_name)).size, rows.length);
    for (const row of rows) {
      const [{ count }] = await app.sql<{ count: string }>(`select count(*) from "${row.schema_name}".store`);
      assert.equal(Number(count), 1, `${row.slug} has exactly its own store`);
    }
  });
});
