import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { tenantMigrations } from '../src/database/migrations/index.js';
import { assertProblem, createStore, operatorToken, provisionTenant, type TestTenant } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe("operators' view of a tenant's health", () => {
  let app: TestApp;
  let india: TestTenant;
  let kenya: TestTenant;
  let operator: string;

  before(async () => {
    app = await startTestApp();
    india = await provisionTenant(app, 'health-in');
    kenya = await provisionTenant(app, 'health-ke', { country: 'KE' });
    await createStore(app, india, 'H1');
    operator = await operatorToken(app);
  });
  after(() => app?.close());

  const health = (id: string, token = operator) => app.api.get(`/api/v1/platform/tenants/${id}/health`, { token });

  it('shows migrations, stores, active staff and plugins by name and state, each chain its own', async () => {
    const res = await health(india.id);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, 'active');
    assert.deepEqual(res.body.migrations.pending, []);
    assert.equal(res.body.migrations.current, true);
    assert.equal(res.body.migrations.applied, tenantMigrations.length);
    assert.equal(res.body.stores, 1);
    assert.equal(res.body.users, 1, 'the owner');
    const tax = res.body.plugins.find((p: { name: string }) => p.name === 'tax-india-gst');
    assert.equal(tax?.enabled, true, 'India gets its GST plugin');
    assert.equal(tax?.configured, true, 'GST runs with its defaults');
    const razorpay = res.body.plugins.find((p: { name: string }) => p.name === 'payments-razorpay');
    assert.deepEqual([razorpay?.enabled, razorpay?.configured], [false, false], 'a gateway without its keys is not configured');
    assert.equal(
      res.body.plugins.some((p: { name: string }) => p.name === 'tax-kenya-vat'),
      false,
      'plugins of other countries are not listed',
    );
    for (const plugin of res.body.plugins)
      assert.deepEqual(
        Object.keys(plugin).sort(),
        ['configured', 'enabled', 'name', 'provides', 'status'].concat(plugin.reason ? ['reason'] : []).sort(),
      );

    const other = await health(kenya.id);
    assert.equal(other.body.stores, 0);
    assert.ok(other.body.plugins.some((p: { name: string; enabled: boolean }) => p.name === 'tax-kenya-vat' && p.enabled));
  });

  it('is for operators only, and an unknown or malformed id is a clear 4xx', async () => {
    assertProblem(await health(india.id, india.ownerToken), 401);
    assertProblem(await app.api.get(`/api/v1/platform/tenants/${india.id}/health`), 401);
    assertProblem(await health('00000000-0000-4000-8000-000000000000'), 404);
    assertProblem(await health('not-a-uuid'), 400);
  });

  it('a pending migration shows as not current', async () => {
    const [row] = await app.sql<{ schema_name: string }>('select schema_name from public.tenant where id = $1', [india.id]);
    const last = tenantMigrations[tenantMigrations.length - 1].name;
    await app.sql(`delete from "${row.schema_name}".schema_migration where name = $1`, [last]);
    const res = await health(india.id);
    assert.equal(res.body.migrations.current, false);
    assert.deepEqual(res.body.migrations.pending, [last]);
  });
});
