import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listQuery } from './support/api-client.js';
import { assertProblem, createStore, createUser, PASSWORD, provisionTenant, type TestTenant } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('store-scoped access through the API', () => {
  let app: TestApp;
  let t: TestTenant;
  let store1: string;
  let store2: string;
  let cashier1: { id: string; token: string };
  let cashier2: { id: string; token: string };
  let manager1: { id: string; token: string };
  let auditor: { id: string; token: string };

  before(async () => {
    app = await startTestApp();
    t = await provisionTenant(app, 'scoped-chain');
    store1 = await createStore(app, t, 'S-1');
    store2 = await createStore(app, t, 'S-2');
    cashier1 = await createUser(app, t, 'cashier1@scoped.test', ['cashier'], [store1]);
    cashier2 = await createUser(app, t, 'cashier2@scoped.test', ['cashier'], [store2]);
    manager1 = await createUser(app, t, 'manager1@scoped.test', ['store_manager'], [store1]);
    auditor = await createUser(app, t, 'auditor@scoped.test', ['auditor']);
  });
  after(() => app?.close());

  const as = (token: string) => ({ tenant: t.slug, token });

  it('shows a cashier of store 1 only store 1 and its staff', async () => {
    const stores = await app.api.get(`/api/v1/stores${listQuery({ range: [0, 99] })}`, as(cashier1.token));
    assert.deepEqual(
      stores.body.map((s: any) => s.id),
      [store1],
    );
    assert.equal(stores.headers.get('content-range'), 'stores 0-0/1');
    const users = await app.api.get(`/api/v1/users${listQuery({ range: [0, 99] })}`, as(cashier1.token));
    const emails = users.body.map((u: any) => u.email).sort();
    assert.deepEqual(emails, ['cashier1@scoped.test', 'manager1@scoped.test']);
  });

  it("refuses a cashier of store 1 store 2's records", async () => {
    assertProblem(await app.api.get(`/api/v1/stores/${store2}`, as(cashier1.token)), 404);
    assertProblem(await app.api.get(`/api/v1/users/${cashier2.id}`, as(cashier1.token)), 404);
    const filtered = await app.api.get(`/api/v1/users${listQuery({ filter: { storeId: store2 } })}`, as(cashier1.token));
    assert.deepEqual(filtered.body, [], 'filtering for store 2 does not widen what a cashier sees');
    assertProblem(await app.api.get('/api/v1/audit-logs', as(cashier1.token)), 403);
  });

  it('lets an auditor read everything and write nothing', async () => {
    const stores = await app.api.get(`/api/v1/stores${listQuery({ range: [0, 99] })}`, as(auditor.token));
    assert.equal(stores.body.length, 2);
    assert.equal((await app.api.get('/api/v1/audit-logs', as(auditor.token))).status, 200);
    const writes = [
      app.api.post('/api/v1/stores', { code: 'S-9', name: 'Nine' }, as(auditor.token)),
      app.api.put(`/api/v1/stores/${store1}`, { name: 'Renamed' }, as(auditor.token)),
      app.api.delete(`/api/v1/stores/${store2}`, as(auditor.token)),
      app.api.post(
        '/api/v1/users',
        { email: 'new@scoped.test', name: 'New', password: PASSWORD, roles: ['cashier'], storeIds: [store1] },
        as(auditor.token),
      ),
      app.api.put(`/api/v1/users/${cashier1.id}`, { name: 'Changed' }, as(auditor.token)),
      app.api.delete(`/api/v1/users/${cashier2.id}`, as(auditor.token)),
      app.api.put('/api/v1/settings', { mfaRequiredForAdmins: true }, as(auditor.token)),
    ];
    for (const res of await Promise.all(writes)) assertProblem(res, 403);
    const after = await app.api.get(`/api/v1/stores/${store1}`, as(t.ownerToken));
    assert.equal(after.body.name, 'Store S-1');
  });

  it('lets a store manager hire cashiers for their own store only, and never admins', async () => {
    const ok = await app.api.post(
      '/api/v1/users',
      { email: 'hire1@scoped.test', name: 'Hire', password: PASSWORD, roles: ['cashier'], storeIds: [store1] },
      as(manager1.token),
    );
    assert.equal(ok.status, 201);
    assertProblem(
      await app.api.post(
        '/api/v1/users',
        { email: 'hire2@scoped.test', name: 'Hire', password: PASSWORD, roles: ['cashier'], storeIds: [store2] },
        as(manager1.token),
      ),
      403,
    );
    assertProblem(
      await app.api.post(
        '/api/v1/users',
        { email: 'hire3@scoped.test', name: 'Hire', password: PASSWORD, roles: ['admin'], storeIds: [store1] },
        as(manager1.token),
      ),
      403,
    );
    assertProblem(await app.api.put(`/api/v1/users/${cashier2.id}`, { name: 'Poached' }, as(manager1.token)), 404);
    assertProblem(await app.api.put(`/api/v1/stores/${store2}`, { name: 'Taken over' }, as(manager1.token)), 404);
    const renamed = await app.api.put(`/api/v1/stores/${store1}`, { name: 'Store One' }, as(manager1.token));
    assert.equal(renamed.status, 200);
    assert.equal(renamed.body.address, 'S-1 Road', 'fields left out of an update keep their values');
  });

  it('takes a changed store assignment into account at once, without a new sign-in', async () => {
    const moved = await app.api.put(`/api/v1/users/${cashier2.id}`, { storeIds: [store1] }, as(t.ownerToken));
    assert.equal(moved.status, 200);
    const stores = await app.api.get('/api/v1/stores', as(cashier2.token));
    assert.deepEqual(
      stores.body.map((s: any) => s.id),
      [store1],
    );
  });

  it('keeps at least one owner and stops people deleting themselves', async () => {
    const me = await app.api.get('/api/v1/auth/me', as(t.ownerToken));
    assertProblem(await app.api.delete(`/api/v1/users/${me.body.id}`, as(t.ownerToken)), 422);
    assertProblem(await app.api.put(`/api/v1/users/${me.body.id}`, { roles: ['admin'] }, as(t.ownerToken)), 409, 'last-owner');
  });
});
