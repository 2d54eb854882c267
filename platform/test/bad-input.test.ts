import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  assertProblem,
  createStore,
  createUser,
  operatorToken,
  PASSWORD,
  provisionTenant,
  schemaOf,
  type TestTenant,
} from './support/fixtures.js';
import { createProduct } from './support/catalog-fixtures.js';
import { inDays, receive } from './support/inventory-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

interface Endpoint {
  method: 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** A valid body; each case breaks one thing about it. */
  body?: Record<string, unknown>;
  auth: 'none' | 'staff' | 'operator';
  tenant: boolean;
  /** Fields that may be left out (everything else in `body` is required on POST). */
  optional?: string[];
}

describe('bad input on every endpoint', () => {
  let app: TestApp;
  let t: TestTenant;
  let schema: string;
  let opToken: string;
  let storeId: string;
  let userId: string;
  const endpoints: Endpoint[] = [];

  const counts = async () => {
    const [row] = await app.sql(
      `select (select count(*) from "${schema}".store) as stores, (select count(*) from "${schema}".app_user) as users,
              (select count(*) from "${schema}".audit_log) as audit, (select count(*) from public.tenant) as tenants,
              (select count(*) from "${schema}".auth_session) as sessions, (select count(*) from "${schema}".product) as products,
              (select count(*) from "${schema}".stock_movement) as movements, (select count(*) from "${schema}".stock_transfer) as transfers`,
    );
    return row;
  };

  before(async () => {
    app = await startTestApp();
    t = await provisionTenant(app, 'strict-input');
    schema = await schemaOf(app, t.slug);
    opToken = await operatorToken(app);
    storeId = await createStore(app, t, 'BI-1');
    userId = (await createUser(app, t, 'staff@strict.test', ['cashier'], [storeId])).id;
    const otherStore = await createStore(app, t, 'BI-9');
    const productId = await createProduct(app, t, { name: 'Strict Tablet' });
    const [batchId] = await receive(app, t, storeId, [{ productId, batchNo: 'B-1', expiry: inDays(300), quantity: 50 }]);
    const transfer = await app.api.post(
      '/api/v1/stock/transfers',
      { fromStoreId: storeId, toStoreId: otherStore, lines: [{ productId, quantity: 5 }] },
      { tenant: t.slug, token: t.ownerToken },
    );
    const tenantId = t.id;
    endpoints.push(
      { method: 'POST', path: '/api/v1/auth/login', body: { email: t.ownerEmail, password: PASSWORD }, auth: 'none', tenant: true },
      { method: 'POST', path: '/api/v1/auth/refresh', body: { refreshToken: 'x'.repeat(43) }, auth: 'none', tenant: true },
      {
        method: 'POST',
        path: '/api/v1/auth/password',
        body: { currentPassword: PASSWORD, newPassword: 'another-password' },
        auth: 'staff',
        tenant: true,
      },
      { method: 'POST', path: '/api/v1/auth/mfa/verify', body: { code: '123456' }, auth: 'staff', tenant: true },
      {
        method: 'POST',
        path: '/api/v1/stores',
        body: { code: 'BI-2', name: 'Second', address: 'Road', region: 'MH' },
        auth: 'staff',
        tenant: true,
        optional: ['address', 'region'],
      },
      { method: 'PUT', path: `/api/v1/stores/${storeId}`, body: { name: 'Renamed' }, auth: 'staff', tenant: true },
      {
        method: 'POST',
        path: '/api/v1/users',
        body: { email: 'new@strict.test', name: 'New', password: PASSWORD, roles: ['cashier'], storeIds: [storeId] },
        auth: 'staff',
        tenant: true,
        optional: ['storeIds'],
      },
      { method: 'PUT', path: `/api/v1/users/${userId}`, body: { name: 'Renamed' }, auth: 'staff', tenant: true },
      { method: 'PUT', path: '/api/v1/settings', body: { mfaRequiredForAdmins: false }, auth: 'staff', tenant: true },
      {
        method: 'POST',
        path: '/api/v1/products',
        body: { name: 'New Tablet', dosageForm: 'tablet', packSize: 10, baseUnit: 'tablet', schedule: 'OTC', taxClass: 'GST_5', mrp: 1000 },
        auth: 'staff',
        tenant: true,
        optional: ['mrp'],
      },
      { method: 'PUT', path: `/api/v1/products/${productId}`, body: { name: 'Renamed', mrp: 1200 }, auth: 'staff', tenant: true },
      {
        method: 'POST',
        path: '/api/v1/stock/receipts',
        body: {
          storeId,
          reference: 'GRN-1',
          lines: [{ productId, batchNo: 'B-2', expiry: inDays(200), quantity: 5, cost: 100, mrp: 150 }],
        },
        auth: 'staff',
        tenant: true,
        optional: ['reference'],
      },
      {
        method: 'POST',
        path: '/api/v1/stock/adjustments',
        body: { storeId, batchId, delta: -1, reason: 'damaged' },
        auth: 'staff',
        tenant: true,
      },
      {
        method: 'POST',
        path: '/api/v1/stock/transfers',
        body: { fromStoreId: storeId, toStoreId: otherStore, lines: [{ productId, quantity: 1 }] },
        auth: 'staff',
        tenant: true,
      },
      {
        method: 'POST',
        path: `/api/v1/stock/transfers/${transfer.body.id}/receive`,
        body: { lines: [{ batchId, quantityReceived: 5 }] },
        auth: 'staff',
        tenant: true,
      },
      {
        method: 'POST',
        path: '/api/v1/platform/auth/login',
        body: { email: 'nobody@x.test', password: 'whatever-pass' },
        auth: 'none',
        tenant: false,
      },
      {
        method: 'POST',
        path: '/api/v1/platform/tenants',
        body: { slug: 'never-made', name: 'Never', country: 'IN', owner: { email: 'o@never.test', name: 'O', password: PASSWORD } },
        auth: 'operator',
        tenant: false,
      },
      { method: 'POST', path: `/api/v1/platform/tenants/${tenantId}/suspend`, body: { reason: 'x' }, auth: 'operator', tenant: false },
    );
  });
  after(() => app?.close());

  const send = (e: Endpoint, options: { raw?: string; body?: unknown; tenant?: string; contentType?: string; path?: string } = {}) =>
    app.api.request(e.method, options.path ?? e.path, 'body' in options ? options.body : e.body, {
      tenant: e.tenant ? (options.tenant ?? t.slug) : undefined,
      token: e.auth === 'staff' ? t.ownerToken : e.auth === 'operator' ? opToken : undefined,
      raw: options.raw,
      headers: options.contentType ? { 'content-type': options.contentType } : undefined,
    });

  it('refuses malformed JSON, oversized bodies, wrong media types and non-object bodies, writing nothing', async () => {
    const before = await counts();
    for (const e of endpoints) {
      assertProblem(await send(e, { raw: '{"name": "unterminated' }), 400);
      assertProblem(await send(e, { raw: JSON.stringify({ ...e.body, name: 'x'.repeat(2_000_000) }) }), 413);
      assertProblem(await send(e, { raw: '<xml/>', contentType: 'application/xml' }), 415);
      assertProblem(await send(e, { body: [] }), 400);
      assertProblem(await send(e, { raw: 'null' }), 400);
      assertProblem(await send(e, { raw: '{"__proto__": {"admin": true}}' }), 400);
    }
    assert.deepEqual(await counts(), before);
  });

  it('names each missing or wrong-typed field', async () => {
    const before = await counts();
    for (const e of endpoints) {
      for (const field of Object.keys(e.body ?? {})) {
        const valid = e.body![field];
        const wrongs = [12345, { nested: true }, ['list'], true].filter((w) => Array.isArray(w) || typeof w !== typeof valid);
        for (const wrong of wrongs) {
          const res = await send(e, { body: { ...e.body, [field]: wrong } });
          assertProblem(res, 400);
          assert.ok(
            res.body.errors?.some((err: any) => err.field.startsWith(field)),
            `${e.method} ${e.path}: ${field}=${JSON.stringify(wrong)} → ${JSON.stringify(res.body)}`,
          );
        }
      }
      const required =
        e.path.includes('suspend') || e.path.includes('settings') || e.method === 'PUT'
          ? []
          : Object.keys(e.body ?? {}).filter((f) => !e.optional?.includes(f));
      for (const field of required) {
        const { [field]: _dropped, ...rest } = e.body!;
        const res = await send(e, { body: rest });
        assertProblem(res, 400);
        assert.ok(
          res.body.errors.some((err: any) => err.field === field),
          `${e.path} missing ${field}: ${JSON.stringify(res.body)}`,
        );
      }
      // PUT deliberately ignores unknown fields: react-admin sends the whole record back (id, timestamps).
      if (e.method === 'POST') assertProblem(await send(e, { body: { ...e.body, isAdmin: true } }), 400);
    }
    assert.deepEqual(await counts(), before);
  });

  it('answers an unknown or malformed tenant with a 4xx before anything runs', async () => {
    for (const e of endpoints.filter((x) => x.tenant)) {
      assertProblem(await send(e, { tenant: 'no-such-tenant' }), 404, 'unknown-tenant');
      assertProblem(await send(e, { tenant: "x' or '1'='1" }), 400);
    }
  });

  it('treats SQL as plain data and refuses markup', async () => {
    const before = await counts();
    const injections = ["' OR '1'='1", '1; DROP TABLE store;--', "'); delete from app_user; --"];
    for (const attempt of injections) {
      assertProblem(await app.api.get(`/api/v1/stores/${encodeURIComponent(attempt)}`, { tenant: t.slug, token: t.ownerToken }), 400);
      assertProblem(
        await app.api.get(`/api/v1/stores?sort=${encodeURIComponent(JSON.stringify([attempt, 'ASC']))}`, {
          tenant: t.slug,
          token: t.ownerToken,
        }),
        400,
      );
      assertProblem(
        await app.api.get(`/api/v1/users?filter=${encodeURIComponent(JSON.stringify({ id: attempt }))}`, {
          tenant: t.slug,
          token: t.ownerToken,
        }),
        400,
      );
      assertProblem(await app.api.post('/api/v1/auth/login', { email: attempt, password: attempt }, { tenant: t.slug }), 400);
      const search = await app.api.get(`/api/v1/stores?filter=${encodeURIComponent(JSON.stringify({ q: attempt }))}`, {
        tenant: t.slug,
        token: t.ownerToken,
      });
      assert.deepEqual(search.body, [], 'a search for SQL finds nothing and breaks nothing');
    }
    for (const script of ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>']) {
      const res = await app.api.post('/api/v1/stores', { code: 'XSS-1', name: script }, { tenant: t.slug, token: t.ownerToken });
      assertProblem(res, 400);
      assert.equal(res.body.errors[0].field, 'name');
    }
    assert.deepEqual(await counts(), before, 'nothing written, nothing deleted');
    const quoted = await app.api.post(
      '/api/v1/stores',
      { code: 'QT-1', name: "D'Souza & Sons; DROP TABLE store;--" },
      { tenant: t.slug, token: t.ownerToken },
    );
    assert.equal(quoted.status, 201, 'a name with quotes is just a name');
    assert.equal(quoted.body.name, "D'Souza & Sons; DROP TABLE store;--");
  });

  it('refuses malformed list parameters with a message that says what to send', async () => {
    const bad = [
      'sort=name',
      'sort=["name","SIDEWAYS"]',
      'sort=["password","ASC"]',
      'range=[5,1]',
      'range=[-1,10]',
      'range=lots',
      'filter=[1]',
      'filter={"owner":true}',
      'filter={"id":[1,2]}',
    ];
    for (const query of bad) {
      const res = await app.api.get(`/api/v1/users?${query}`, { tenant: t.slug, token: t.ownerToken });
      assertProblem(res, 400);
      assert.ok(res.body.detail.length > 10, query);
    }
  });
});
