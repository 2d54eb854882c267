import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, before, describe, it } from 'node:test';
import { ConfigError, parseEnv } from '../src/config/env.js';
import { listQuery } from './support/api-client.js';
import { assertProblem, createStore, createUser, provisionTenant, type TestTenant } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('configuration', () => {
  it('names the variable that is wrong instead of failing with a stack trace', () => {
    assert.throws(
      () => parseEnv({ PORT: 'eighty' }),
      (error: unknown) => error instanceof ConfigError && /PORT/.test(error.message),
    );
    assert.throws(() => parseEnv({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL: must be a URL starting with postgres/);
    assert.throws(() => parseEnv({ DAWA_ENCRYPTION_KEY: 'short' }), /DAWA_ENCRYPTION_KEY: must be 64 hex characters/);
    assert.throws(() => parseEnv({ NODE_ENV: 'production' }), /DATABASE_URL: is required when NODE_ENV=production/);
    assert.throws(() => parseEnv({ DAWA_OPERATOR_EMAIL: 'op@x.test' }), /set both or neither/);
    assert.equal(parseEnv({}).PORT, 3000);
  });
});

describe('HTTP surface: list dialect, CORS, request ids, health, metrics, docs, logs', () => {
  let app: TestApp;
  let t: TestTenant;
  const lines: any[] = [];

  before(async () => {
    const capture = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    app = await startTestApp({ LOG_LEVEL: 'info' }, undefined, capture as never);
    t = await provisionTenant(app, 'surface-chain');
    for (const code of ['C-3', 'A-1', 'B-2', 'E-5', 'D-4']) await createStore(app, t, code);
  });
  after(() => app?.close());

  const as = () => ({ tenant: t.slug, token: t.ownerToken });

  it('speaks ra-data-simple-rest: sort, range, filter and Content-Range', async () => {
    const page = await app.api.get(`/api/v1/stores${listQuery({ sort: ['code', 'DESC'], range: [1, 2] })}`, as());
    assert.deepEqual(
      page.body.map((s: any) => s.code),
      ['D-4', 'C-3'],
    );
    assert.equal(page.headers.get('content-range'), 'stores 1-2/5');
    const filtered = await app.api.get(`/api/v1/stores${listQuery({ filter: { q: 'b-' } })}`, as());
    assert.deepEqual(
      filtered.body.map((s: any) => s.code),
      ['B-2'],
    );
    const ids = [page.body[0].id, page.body[1].id];
    const many = await app.api.get(`/api/v1/stores${listQuery({ filter: { id: ids } })}`, as());
    assert.deepEqual(many.body.map((s: any) => s.id).sort(), [...ids].sort());
    const empty = await app.api.get(`/api/v1/stores${listQuery({ filter: { q: 'nothing-like-this' } })}`, as());
    assert.equal(empty.headers.get('content-range'), 'stores */0');
  });

  it('lets a browser console read Content-Range across origins', async () => {
    const preflight = await app.api.request('OPTIONS', '/api/v1/stores', undefined, {
      headers: {
        origin: 'http://console.dawa.test',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization,x-tenant',
      },
    });
    assert.equal(preflight.status, 204);
    assert.match(preflight.headers.get('access-control-allow-headers') ?? '', /X-Tenant/i);
    const res = await app.api.get('/api/v1/stores', { ...as(), headers: { origin: 'http://console.dawa.test' } });
    assert.match(res.headers.get('access-control-expose-headers') ?? '', /Content-Range/);
  });

  it('keeps a caller’s request id and puts tenant and user on the log line', async () => {
    const user = await createUser(app, t, 'logged@surface.test', ['auditor']);
    const res = await app.api.get('/api/v1/stores', { tenant: t.slug, token: user.token, headers: { 'x-request-id': 'trace-abc-123' } });
    assert.equal(res.headers.get('x-request-id'), 'trace-abc-123');
    const generated = await app.api.get('/health/live');
    assert.match(generated.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
    const line = lines.find((l) => l.reqId === 'trace-abc-123' && l.msg === 'request completed');
    assert.ok(line, 'a completion line exists for the request');
    assert.equal(line.tenant, t.slug);
    assert.equal(line.user, user.id);
    assert.ok(!JSON.stringify(lines).includes(user.token), 'tokens never reach the logs');
  });

  it('reports liveness, readiness of PostgreSQL, Redis and Temporal, and Prometheus metrics', async () => {
    assert.deepEqual((await app.api.get('/health/live')).body, { status: 'ok' });
    const ready = await app.api.get('/health/ready');
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body.checks, { database: 'up', redis: 'up', temporal: 'up' });
    const metrics = await app.api.get('/metrics');
    assert.match(metrics.body, /dawa_http_request_duration_seconds_bucket\{[^}]*route="\/api\/v1\/stores"/);
    assert.match(metrics.body, /process_resident_memory_bytes/);
  });

  it('publishes the OpenAPI document with the contract routes', async () => {
    const doc = await app.api.get('/api/docs-json');
    assert.equal(doc.status, 200);
    for (const path of [
      '/api/v1/auth/login',
      '/api/v1/stores',
      '/api/v1/users/{id}',
      '/api/v1/audit-logs/verify',
      '/api/v1/platform/tenants',
    ]) {
      assert.ok(doc.body.paths[path], `${path} documented`);
    }
    assert.ok(
      doc.body.paths['/api/v1/users'].post.requestBody.content['application/json'].schema.properties.roles,
      'request bodies come from the validation schemas',
    );
    const ui = await app.api.get('/api/docs');
    assert.equal(ui.status, 200);
    assert.match(String(ui.body), /swagger/i);
  });

  it('answers unknown routes with problem+json', async () => {
    assertProblem(await app.api.get('/api/v1/nothing-here', as()), 404);
  });
});
