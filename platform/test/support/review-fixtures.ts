import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { reviewStateQuery, type ReviewState } from '@dawa/workflows';
import { systemScope } from '../../src/common/tenant-scope.js';
import { OutboxDispatcher } from '../../src/outbox/outbox-dispatcher.js';
import { TenantRegistry } from '../../src/tenancy/tenant-registry.service.js';
import { TemporalRuntime } from '../../src/workflows-runtime/temporal-runtime.js';
import { TenantWorkflows } from '../../src/workflows-runtime/tenant-workflows.service.js';
import { createProduct } from './catalog-fixtures.js';
import { sampleFiles } from './file-fixtures.js';
import { createUser, type TestTenant } from './fixtures.js';
import { inDays } from './inventory-fixtures.js';
import { AMOXIL_500, indianPharmacy, PATIENT, PRESCRIBER, uploadPrescription } from './prescription-fixtures.js';
import { startTestApp, type TestApp } from './test-app.js';
import { freePort } from '../../src/database/embedded-postgres.js';

/** The review workflow tests' chains and driver (prescription-review-workflow, prescription-review-recovery). */
export const recorderPlugin = fileURLToPath(new URL('../fixtures/plugins/sms-recorder-fixture.js', import.meta.url));
/** One SLA minute lasts 100 ms here: the tenant's "5 minutes" is half a second, "1 hour" six seconds. */
export const MINUTE_MS = 100;
export const MANAGER_PHONE = '+919700000222';

/** A chain with a Mumbai store, two pharmacists, a cashier, a manager with a phone, and an H and an X product. */
export async function reviewChain(app: TestApp, slug: string) {
  const { tenant, schema, mumbai } = await indianPharmacy(app, slug);
  const owner = { tenant: tenant.slug, token: tenant.ownerToken };
  assert.equal((await app.api.put('/api/v1/plugins/sms-recorder-fixture', { enabled: true, config: {} }, owner)).status, 200);
  const manager = await createUser(app, tenant, `manager@${slug}.test`, ['store_manager'], [mumbai]);
  assert.equal((await app.api.put(`/api/v1/users/${manager.id}`, { phone: MANAGER_PHONE }, owner)).status, 200);
  return {
    tenant,
    schema,
    mumbai,
    pharmacistA: await createUser(app, tenant, `asha@${slug}.test`, ['pharmacist'], [mumbai]),
    pharmacistB: await createUser(app, tenant, `bala@${slug}.test`, ['pharmacist'], [mumbai]),
    cashier: await createUser(app, tenant, `cashier@${slug}.test`, ['cashier'], [mumbai]),
    amox: await createProduct(app, tenant, AMOXIL_500),
    addwize: await createProduct(app, tenant, {
      name: 'Addwize 10 Tablet',
      ingredients: [{ name: 'Methylphenidate', strength: '10mg' }],
      schedule: 'X',
      mrp: 4500,
    }),
  };
}

let phoneSeq = 0;

/** What the tests do with a chain: upload, step, and watch its review workflows. */
export function reviewDriver(app: () => TestApp, chain: () => Awaited<ReturnType<typeof reviewChain>>) {
  const as = (user: { token: string }) => ({ tenant: chain().tenant.slug, token: user.token });
  const scopeOf = async (t: TestTenant = chain().tenant) => {
    const ref = (await app().platform.app.get(TenantRegistry).bySlug(t.slug))!;
    return systemScope(ref, app().platform.orm.em.fork({ schema: ref.schemaName }), 'test');
  };
  const workflows = () => app().platform.app.get(TenantWorkflows);
  const workflowId = async (prescriptionId: string, t?: TestTenant) =>
    `${(await scopeOf(t)).tenant.id}/prescription-review/${prescriptionId}`;
  const driver = {
    as,
    scopeOf,
    workflows,
    workflowId,
    owner: () => ({ tenant: chain().tenant.slug, token: chain().tenant.ownerToken }),
    post: (path: string, body: unknown, user: { token: string }) => app().api.post(`/api/v1/prescriptions/${path}`, body, as(user)),
    stateOf: async (prescriptionId: string): Promise<ReviewState> =>
      workflows().query(await scopeOf(), await workflowId(prescriptionId), reviewStateQuery),
    /** The workflow's final state, once Temporal reports the execution completed. */
    async completed(prescriptionId: string): Promise<ReviewState> {
      const scope = await scopeOf();
      const id = await workflowId(prescriptionId);
      await until(`workflow ${id} to complete`, async () =>
        (await workflows().describe(scope, id)).status.name === 'COMPLETED' ? true : undefined,
      );
      return (await app().platform.app.get(TemporalRuntime).client.workflow.getHandle(id).result()) as ReviewState;
    },
    async settings(escalateAfterMinutes: number, expireAfterHours: number) {
      const res = await app().api.put(
        '/api/v1/settings',
        { prescriptionEscalateAfterMinutes: escalateAfterMinutes, prescriptionExpireAfterHours: expireAfterHours },
        driver.owner(),
      );
      assert.equal(res.status, 200, JSON.stringify(res.body));
    },
    async upload(items?: Array<Record<string, unknown>>) {
      const patient = { ...PATIENT, phone: `+9198${String(7200000 + ++phoneSeq).padStart(8, '0')}` };
      const rx = await uploadPrescription(
        app(),
        chain().tenant,
        {
          storeId: chain().mumbai,
          patient,
          prescriber: PRESCRIBER,
          issuedAt: inDays(-1),
          items: items ?? [{ productId: chain().amox, quantity: 10 }],
        },
        { bytes: sampleFiles.jpeg, type: 'image/jpeg' },
        chain().cashier.token,
      );
      return { rx, phone: patient.phone };
    },
    async deliver() {
      await app()
        .platform.app.get(OutboxDispatcher)
        .drain((await scopeOf()).tenant, { ignoreBackoff: true });
    },
    count: async (sql: string, params: unknown[]) => Number((await app().sql<{ n: string }>(sql, params))[0].n),
  };
  return driver;
}

export async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/**
 * A second API on the same database and secrets whose Temporal address answers nothing: what the counter talks to
 * while the workflow service is down. It runs no worker.
 */
export async function startOfflineTwin(app: TestApp): Promise<TestApp> {
  const env = app.platform.config.env;
  return startTestApp(
    {
      DAWA_PLUGIN_PATHS: recorderPlugin,
      DAWA_JWT_SECRET: env.DAWA_JWT_SECRET,
      DAWA_ENCRYPTION_KEY: env.DAWA_ENCRYPTION_KEY,
      TEMPORAL_ADDRESS: `127.0.0.1:${await freePort()}`,
    },
    app.databaseUrl,
    undefined,
    { worker: false },
  );
}
