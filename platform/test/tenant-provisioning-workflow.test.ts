import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { provisioningProgressQuery, retryProvisioningSignal } from '@dawa/workflows';
import { ROLES } from '../src/access/roles.js';
import { freePort } from '../src/database/embedded-postgres.js';
import { systemScope } from '../src/common/tenant-scope.js';
import { tenantMigrations } from '../src/database/migrations/index.js';
import { ProvisioningService } from '../src/tenancy/provisioning/provisioning.service.js';
import { TenantRegistry } from '../src/tenancy/tenant-registry.service.js';
import { TemporalRuntime } from '../src/workflows-runtime/temporal-runtime.js';
import { TenantWorkflows } from '../src/workflows-runtime/tenant-workflows.service.js';
import { startWorkerProcess } from './support/api-process.js';
import { assertProblem, login, operatorToken, PASSWORD, provisionTenant, schemaOf, waitForProvisioning } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const tenantBody = (slug: string) => ({
  slug,
  name: `Chain ${slug}`,
  country: 'IN',
  owner: { email: `owner@${slug}.test`, name: 'Owner', password: PASSWORD },
});

/** What provisioning creates, counted: a step that ran twice would show here (or fail on a unique index). */
async function contents(app: TestApp, slug: string) {
  const s = `"${await schemaOf(app, slug)}"`;
  const count = async (sql: string) => Number((await app.sql<{ n: string }>(`select count(*) as n from ${sql}`))[0].n);
  return {
    roles: await count(`${s}.role`),
    users: await count(`${s}.app_user`),
    migrations: await count(`${s}.schema_migration`),
    provisionedAudits: await count(`${s}.audit_log where action = 'tenant.provisioned'`),
    userAudits: await count(`${s}.audit_log where action = 'user.created'`),
  };
}

const COMPLETE = { roles: ROLES.length, users: 1, migrations: tenantMigrations.length, provisionedAudits: 1, userAudits: 1 };

describe('tenant provisioning as a Temporal workflow', () => {
  let app: TestApp;
  let token: string;
  before(async () => {
    app = await startTestApp();
    token = await operatorToken(app);
  });
  after(() => app?.close());

  it('answers 202 with a Location to the progress, runs every step, and then the owner can log in', async () => {
    const res = await app.api.post('/api/v1/platform/tenants', tenantBody('wf-happy'), { token });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.equal(res.body.status, 'provisioning');
    assert.equal(res.headers.get('location'), `/api/v1/platform/tenants/${res.body.id}/provisioning`);
    const progress = await waitForProvisioning(app, res.body.id, { token });
    assert.deepEqual(
      progress.steps.map((s: { name: string; state: string }) => `${s.name}:${s.state}`),
      ['schema', 'migrations', 'roles', 'owner', 'stores', 'users', 'plugins', 'catalogue', 'schedules', 'activate'].map(
        (s) => `${s}:done`,
      ),
    );
    assert.equal(progress.workflowId, `${res.body.id}/provisioning/tenant`);
    await login(app, 'wf-happy', 'owner@wf-happy.test');
    assert.equal((await app.api.get(`/api/v1/platform/tenants/${res.body.id}`, { token })).body.status, 'active');
    assert.deepEqual(await contents(app, 'wf-happy'), COMPLETE);
    assert.equal(
      (await app.sql('select 1 from public.tenant_provisioning_request where tenant_id = $1', [res.body.id])).length,
      0,
      'the sealed request with the owner password is gone once provisioning completes',
    );
    const client = app.platform.app.get(TemporalRuntime).client;
    const tagged: string[] = [];
    for await (const execution of client.workflow.list({ query: `TenantId = '${res.body.id}'` })) tagged.push(execution.workflowId);
    assert.deepEqual(tagged, [`${res.body.id}/provisioning/tenant`], 'the workflow carries the TenantId search attribute');
  });

  it('registers a slug once when the same chain is posted five times at once', async () => {
    const results = await Promise.all(
      Array.from({ length: 5 }, () => app.api.post('/api/v1/platform/tenants', tenantBody('wf-race'), { token })),
    );
    const accepted = results.filter((r) => r.status === 202);
    assert.equal(accepted.length, 1, JSON.stringify(results.map((r) => r.status)));
    for (const refused of results.filter((r) => r.status !== 202)) assertProblem(refused, 409, 'slug-taken');
    await waitForProvisioning(app, accepted[0].body.id, { token });
    assert.deepEqual(await contents(app, 'wf-race'), COMPLETE);
  });

  it('keeps the tenant closed when a step fails, says which and why, and resumes there once the cause is fixed', async () => {
    // The cause: the database refuses the migrations step's bookkeeping (as a full disk or a bad grant would).
    await app.sql(`create function public.refuse_migration_state() returns trigger language plpgsql as $$
      begin raise exception 'migration bookkeeping refused (injected by the test)'; end $$`);
    await app.sql(`create trigger refuse_migration_state before insert or update on public.tenant_migration_state
      for each row execute function public.refuse_migration_state()`);
    const res = await app.api.post('/api/v1/platform/tenants', tenantBody('wf-broken'), { token });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const failed = await waitForProvisioning(app, res.body.id, { token, until: 'failed' });
    const states = Object.fromEntries(failed.steps.map((s: { name: string; state: string }) => [s.name, s.state]));
    assert.deepEqual(states, {
      schema: 'done',
      migrations: 'failed',
      roles: 'pending',
      owner: 'pending',
      stores: 'pending',
      users: 'pending',
      plugins: 'pending',
      catalogue: 'pending',
      schedules: 'pending',
      activate: 'pending',
    });
    assert.match(failed.steps[1].error, /migration bookkeeping refused/);
    assert.doesNotMatch(failed.steps[1].error, /insert into|tenant_migration_state/, 'the reason, not the SQL');
    assertProblem(
      await app.api.post('/api/v1/auth/login', { email: 'owner@wf-broken.test', password: PASSWORD }, { tenant: 'wf-broken' }),
      403,
      'tenant-not-ready',
    );

    await app.sql('drop trigger refuse_migration_state on public.tenant_migration_state');
    const retried = await app.api.post(`/api/v1/platform/tenants/${res.body.id}/provisioning/retry`, undefined, { token });
    assert.equal(retried.status, 202, JSON.stringify(retried.body));
    await waitForProvisioning(app, res.body.id, { token });
    await login(app, 'wf-broken', 'owner@wf-broken.test');
    assert.deepEqual(await contents(app, 'wf-broken'), COMPLETE);
    assertProblem(
      await app.api.post(`/api/v1/platform/tenants/${res.body.id}/provisioning/retry`, undefined, { token }),
      409,
      'tenant-provisioned',
    );
  });

  it('stops at the plugins step at once, naming the field, when a plugin setting is invalid, and resumes with a corrected one', async () => {
    const provisioning = app.platform.app.get(ProvisioningService);
    const tenant = await provisioning.start(
      {
        slug: 'wf-bad-plugin',
        name: 'Bad plugin',
        country: 'IN',
        owner: { email: 'owner@wf-bad-plugin.test', name: 'O', password: PASSWORD },
      },
      { type: 'system', label: 'test' },
      { plugins: { 'tax-india-gst': { enabled: true, config: { gstins: ['27AAAAA0000A1Z5X'] } } } },
    );
    const failed = await waitForProvisioning(app, tenant.id, { token, until: 'failed' });
    const plugins = failed.steps.find((s: { name: string }) => s.name === 'plugins');
    assert.equal(plugins.state, 'failed');
    assert.match(plugins.error, /config\.gstins\.0: must be a valid GSTIN/);
    assert.equal(failed.steps.find((s: { name: string }) => s.name === 'activate').state, 'pending');
    assertProblem(
      await app.api.post('/api/v1/auth/login', { email: 'owner@wf-bad-plugin.test', password: PASSWORD }, { tenant: 'wf-bad-plugin' }),
      403,
      'tenant-not-ready',
    );

    const retry = (body: unknown) => app.api.post(`/api/v1/platform/tenants/${tenant.id}/provisioning/retry`, body, { token });
    assertProblem(await retry({ plugins: { 'tax-india-gst': { enabled: 'yes' } } }), 400, 'validation-error');
    assert.equal((await retry({ plugins: { 'tax-india-gst': { enabled: true, config: { gstins: ['27AAICS1234F1ZK'] } } } })).status, 202);
    await waitForProvisioning(app, tenant.id, { token });
    const ownerToken = await login(app, 'wf-bad-plugin', 'owner@wf-bad-plugin.test');
    const listed = await app.api.get('/api/v1/plugins', { tenant: 'wf-bad-plugin', token: ownerToken });
    const gst = listed.body.find((p: { name: string }) => p.name === 'tax-india-gst');
    assert.equal(gst.enabled, true);
    assert.deepEqual(gst.config.gstins, ['27AAICS1234F1ZK']);
    const [configured] = await app.sql<{ actor_label: string }>(
      `select actor_label from "${await schemaOf(app, 'wf-bad-plugin')}".audit_log where action like 'plugin.%'`,
    );
    assert.equal(configured.actor_label, 'operator@test.dawa', 'the operator who supplied the corrected setting is on record');
  });

  it('refuses to query or signal a workflow of another tenant before it reaches Temporal', async () => {
    const a = await provisionTenant(app, 'wf-iso-a');
    const b = await provisionTenant(app, 'wf-iso-b');
    const registry = app.platform.app.get(TenantRegistry);
    const workflows = app.platform.app.get(TenantWorkflows);
    const scopeA = systemScope((await registry.byId(a.id))!, app.platform.orm.em.fork(), 'test');
    const own = await workflows.query(scopeA, `${a.id}/provisioning/tenant`, provisioningProgressQuery);
    assert.equal(own.status, 'completed');
    for (const id of [`${b.id}/provisioning/tenant`, `${a.id}/provisioning/tenant/../../${b.id}`, `${a.id}`]) {
      await assert.rejects(workflows.query(scopeA, id, provisioningProgressQuery), (e: any) => e.status === 404, id);
      await assert.rejects(workflows.signal(scopeA, id, retryProvisioningSignal), (e: any) => e.status === 404, id);
      await assert.rejects(workflows.describe(scopeA, id), (e: any) => e.status === 404, id);
    }
    assertProblem(await app.api.get(`/api/v1/platform/tenants/00000000-0000-4000-8000-000000000000/provisioning`, { token }), 404);
  });

  it('reports Temporal in readiness', async () => {
    const res = await app.api.get('/health/ready');
    assert.equal(res.status, 200);
    assert.equal(res.body.checks.temporal, 'up');
  });
});

describe('tenant provisioning when its worker dies mid-step', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({}, undefined, undefined, { worker: false });
  });
  after(() => app?.close());

  it('is finished by another worker, with nothing done twice', async () => {
    const token = await operatorToken(app);
    const worker = startWorkerProcess(app);
    // Holding this lock makes the migrations step wait inside its transaction: the slow step the worker dies in.
    const blocker = new pg.Client({ connectionString: app.databaseUrl });
    await blocker.connect();
    try {
      await blocker.query('begin');
      await blocker.query('lock table public.tenant_migration_state in exclusive mode');
      const res = await app.api.post('/api/v1/platform/tenants', tenantBody('wf-crash'), { token });
      assert.equal(res.status, 202, JSON.stringify(res.body));
      for (let i = 0; ; i++) {
        const [{ n }] = (
          await blocker.query<{ n: string }>(
            'select count(*) as n from pg_locks where not granted and database = (select oid from pg_database where datname = current_database())',
          )
        ).rows;
        if (Number(n) > 0) break;
        if (i > 600) assert.fail('the worker process never reached the migrations step');
        await sleep(50);
      }
      const midway = await app.api.get(`/api/v1/platform/tenants/${res.body.id}/provisioning`, { token });
      assert.equal(midway.body.steps[1].state, 'running');
      await worker.kill();
      await blocker.query('commit');

      await app.platform.startWorker();
      await waitForProvisioning(app, res.body.id, { token });
    } finally {
      await worker.kill();
      await blocker.end();
    }
    await login(app, 'wf-crash', 'owner@wf-crash.test');
    assert.deepEqual(await contents(app, 'wf-crash'), COMPLETE);
  });
});

describe('tenant provisioning while Temporal is unreachable', () => {
  let app: TestApp;
  before(async () => {
    app = await startTestApp({ TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}` }, undefined, undefined, { worker: false });
  });
  after(() => app?.close());

  it('answers 503 (never 500), keeps the tenant registered and closed, and readiness says why', async () => {
    const token = await operatorToken(app);
    assertProblem(await app.api.post('/api/v1/platform/tenants', tenantBody('wf-offline'), { token }), 503, 'workflows-unavailable');
    const [tenant] = await app.sql<{ id: string; status: string }>(`select id, status from public.tenant where slug = 'wf-offline'`);
    assert.equal(tenant.status, 'provisioning');
    assertProblem(await app.api.get(`/api/v1/platform/tenants/${tenant.id}/provisioning`, { token }), 503, 'workflows-unavailable');
    assertProblem(
      await app.api.post(`/api/v1/platform/tenants/${tenant.id}/provisioning/retry`, undefined, { token }),
      503,
      'workflows-unavailable',
    );
    assertProblem(
      await app.api.post('/api/v1/auth/login', { email: 'owner@wf-offline.test', password: PASSWORD }, { tenant: 'wf-offline' }),
      403,
      'tenant-not-ready',
    );
    const ready = await app.api.get('/health/ready');
    assert.equal(ready.status, 503);
    assert.equal(ready.body.checks.temporal, 'down');
  });
});
