import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listQuery } from './support/api-client.js';
import { assertProblem, createStore, provisionTenant, schemaOf, type TestTenant } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('hash-chained audit log', () => {
  let app: TestApp;
  let t: TestTenant;
  let schema: string;
  const as = () => ({ tenant: t.slug, token: t.ownerToken });

  before(async () => {
    app = await startTestApp();
    t = await provisionTenant(app, 'audit-chain');
    schema = await schemaOf(app, t.slug);
  });
  after(() => app?.close());

  it('records who changed what, before and after, with ip and request id', async () => {
    const storeId = await createStore(app, t, 'AUD-1');
    await app.api.put(`/api/v1/stores/${storeId}`, { name: 'Renamed store' }, { ...as(), headers: { 'x-request-id': 'req-audit-1' } });
    const entries = await app.api.get(`/api/v1/audit-logs${listQuery({ filter: { entityId: storeId }, sort: ['id', 'ASC'] })}`, as());
    assert.deepEqual(
      entries.body.map((e: any) => e.action),
      ['store.created', 'store.updated'],
    );
    const update = entries.body[1];
    assert.equal(update.actorLabel, t.ownerEmail);
    assert.equal(update.before.name, 'Store AUD-1');
    assert.equal(update.after.name, 'Renamed store');
    assert.equal(update.requestId, 'req-audit-1');
    assert.equal(update.ip, '127.0.0.1');
    assert.equal((await app.api.get('/api/v1/audit-logs/verify', as())).body.valid, true);
  });

  it('never writes an audit entry for a change that did not happen', async () => {
    const before = await app.sql<{ count: string }>(`select count(*) from "${schema}".audit_log`);
    assertProblem(await app.api.post('/api/v1/stores', { code: 'AUD-1', name: 'Duplicate code' }, as()), 409);
    const after = await app.sql<{ count: string }>(`select count(*) from "${schema}".audit_log`);
    assert.equal(after[0].count, before[0].count);
  });

  it('refuses updates and deletes of audit rows in the database itself', async () => {
    await assert.rejects(app.sql(`update "${schema}".audit_log set action = 'nothing' where id = 1`), /append-only/);
    await assert.rejects(app.sql(`delete from "${schema}".audit_log where id = 1`), /append-only/);
  });

  it('names the first tampered entry when someone edits a row behind the API', async () => {
    for (const code of ['AUD-2', 'AUD-3', 'AUD-4']) await createStore(app, t, code);
    const rows = await app.sql<{ id: string }>(`select id from "${schema}".audit_log order by id`);
    const victim = rows[Math.floor(rows.length / 2)].id;
    // Someone with database access switches the guard off and rewrites history.
    await app.sql(`alter table "${schema}".audit_log disable trigger audit_log_append_only`);
    await app.sql(`update "${schema}".audit_log set after = jsonb_set(coalesce(after, '{}'), '{name}', '"Forged"') where id = $1`, [
      victim,
    ]);
    await app.sql(`alter table "${schema}".audit_log enable trigger audit_log_append_only`);
    const verify = await app.api.get('/api/v1/audit-logs/verify', as());
    assert.equal(verify.status, 200);
    assert.equal(verify.body.valid, false);
    assert.equal(verify.body.firstBrokenId, Number(victim));
    assert.equal(verify.body.checked, rows.findIndex((r) => r.id === victim) + 1);
  });
});
