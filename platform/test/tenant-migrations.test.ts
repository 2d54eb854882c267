import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ProvisioningService } from '../src/tenancy/provisioning/provisioning.service.js';
import { TenantMigrationService } from '../src/tenancy/tenant-migration.service.js';
import { tenantMigrations } from '../src/database/migrations/index.js';
import type { Migration } from '../src/database/migrations/migration.js';
import { ident } from '../src/database/sql.js';
import { assertProblem, PASSWORD, provisionTenant } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** A new release's migration: every tenant gets a table for it. */
const nextRelease: Migration = {
  name: '9999-loyalty-points',
  up: (schema) => [`create table ${ident(schema)}.loyalty_points (customer text primary key, points integer not null default 0)`],
};

describe('tenant provisioning and migrations', () => {
  let app: TestApp;

  before(async () => {
    app = await startTestApp();
  });
  after(() => app?.close());

  it('leaves nothing behind when provisioning fails halfway', async () => {
    const schemasBefore = await app.sql<{ n: string }>(
      `select count(*) as n from information_schema.schemata where schema_name like 't\\_%'`,
    );
    await assert.rejects(
      app.platform.app.get(ProvisioningService).provision(
        { slug: 'half-made', name: 'Half', country: 'IN', owner: { email: 'o@half.test', name: 'O', password: PASSWORD } },
        { type: 'system', label: 'test' },
        {
          stores: [{ code: 'H-1', name: 'One', address: '', region: '' }],
          users: [{ email: 'c@half.test', name: 'C', password: PASSWORD, roles: ['cashier'], storeCodes: ['NO-SUCH-STORE'] }],
        },
      ),
    );
    assert.equal((await app.sql(`select 1 from public.tenant where slug = 'half-made'`)).length, 0, 'no registry row');
    const schemasAfter = await app.sql<{ n: string }>(
      `select count(*) as n from information_schema.schemata where schema_name like 't\\_%'`,
    );
    assert.equal(schemasAfter[0].n, schemasBefore[0].n, 'no schema');
    assertProblem(await app.api.post('/api/v1/auth/login', { email: 'o@half.test', password: PASSWORD }, { tenant: 'half-made' }), 404);
  });

  it('refuses a slug that is taken, and malformed slugs', async () => {
    await provisionTenant(app, 'taken-slug');
    const { operatorToken } = await import('./support/fixtures.js');
    const token = await operatorToken(app);
    const body = (slug: string) => ({ slug, name: 'X', country: 'IN', owner: { email: 'o@x.test', name: 'O', password: PASSWORD } });
    assertProblem(await app.api.post('/api/v1/platform/tenants', body('taken-slug'), { token }), 409, 'slug-taken');
    for (const slug of ['ab', 'Upper', '1abc', 'a'.repeat(41), 'with space', "x'; drop table tenant;--"]) {
      assertProblem(await app.api.post('/api/v1/platform/tenants', body(slug), { token }), 400, 'validation-error');
    }
  });

  it('upgrades 50 tenants, reports the one that fails without stopping, and finishes it on a rerun', async () => {
    const service = app.platform.app.get(TenantMigrationService);
    const provisioning = app.platform.app.get(ProvisioningService);
    for (let i = 0; i < 50; i++) {
      await provisioning.provision(
        {
          slug: `bulk-${String(i).padStart(2, '0')}`,
          name: `Bulk ${i}`,
          country: i % 2 ? 'KE' : 'IN',
          owner: { email: `o${i}@bulk.test`, name: 'O', password: PASSWORD },
        },
        { type: 'system', label: 'test' },
      );
    }
    const tenants = await app.sql<{ slug: string; schema_name: string }>(
      `select slug, schema_name from public.tenant where slug like 'bulk-%' order by slug`,
    );
    const broken = tenants[17];
    // Something in one tenant's schema clashes with the new release (say, a hand-made table of the same name).
    await app.sql(`create table "${broken.schema_name}".loyalty_points (id int)`);

    const release = [...tenantMigrations, nextRelease];
    const first = await service.migrateAll({ migrations: release, batchSize: 8, concurrency: 3 });
    assert.deepEqual(
      first.failed.map((f) => f.slug),
      [broken.slug],
    );
    assert.match(first.failed[0].error, /loyalty_points/);
    const bulkUpgraded = first.upgraded.filter((s) => s.startsWith('bulk-'));
    assert.equal(bulkUpgraded.length, 49);
    const states = await app.sql<{ slug: string; status: string; version: string }>(
      `select t.slug, m.status, m.version from public.tenant t join public.tenant_migration_state m on m.tenant_id = t.id where t.slug like 'bulk-%'`,
    );
    assert.equal(states.filter((s) => s.status === 'succeeded' && s.version === nextRelease.name).length, 49);
    assert.equal(states.find((s) => s.slug === broken.slug)?.status, 'failed');
    const [table] = await app.sql(
      `select count(*) from information_schema.columns where table_schema = $1 and table_name = 'loyalty_points' and column_name = 'id'`,
      [broken.schema_name],
    );
    assert.equal(Number((table as { count: string }).count), 1, 'the failed tenant was left exactly as it was');

    // The operator fixes the tenant and reruns: only the unfinished tenant is touched.
    await app.sql(`drop table "${broken.schema_name}".loyalty_points`);
    const second = await service.migrateAll({ migrations: release });
    assert.deepEqual(second.upgraded, [broken.slug]);
    assert.deepEqual(second.failed, []);
    assert.equal(second.total, 1);
    const third = await service.migrateAll({ migrations: release });
    assert.equal(third.total, 0, 'a third run has nothing left to do');
  });
});
