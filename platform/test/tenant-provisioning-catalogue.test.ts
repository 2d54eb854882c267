import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { CatalogueLoader } from '../src/catalog/import/catalogue-loader.js';
import { systemScope } from '../src/common/tenant-scope.js';
import { TenantRegistry } from '../src/tenancy/tenant-registry.service.js';
import { assertProblem, login, operatorToken, PASSWORD, schemaOf, waitForProvisioning } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const HEADER = 'name,manufacturer,composition,dosage_form,pack_size,barcodes,schedule,mrp';
const CATALOGUE = [
  HEADER,
  'Dolo 650 Tablet,Micro Labs Ltd,Paracetamol 650mg,tablet,15,8901000002013,OTC,33.60',
  'Azithral 500 Tablet,Alembic Pharmaceuticals Ltd,Azithromycin 500mg,tablet,5,8901000004017,H,119.50',
  'Pan 40 Tablet,Alkem Laboratories Ltd,Pantoprazole 40mg,tablet,15,,H,155',
].join('\n');
const SAMPLE_LIST = ['name\tmanufacturer\tcomposition1', 'Zifi 200 Tablet\tFDC Ltd\tCefixime (200mg)'].join('\n');

const body = (slug: string, catalogue?: unknown) => ({
  slug,
  name: `Chain ${slug}`,
  country: 'IN',
  owner: { email: `owner@${slug}.test`, name: 'Owner', password: PASSWORD },
  ...(catalogue ? { catalogue } : {}),
});

describe('provisioning a tenant with its catalogue', () => {
  let app: TestApp;
  let token: string;
  before(async () => {
    app = await startTestApp();
    token = await operatorToken(app);
  });
  after(() => app?.close());

  const products = async (slug: string) =>
    app.sql<{ name: string; mrp: number | null }>(`select name, mrp from "${await schemaOf(app, slug)}".product order by name`);

  it('imports the catalogue files as a step, so the owner finds the products and the nightly reorder run on', async () => {
    const res = await app.api.post(
      '/api/v1/platform/tenants',
      body('cat-happy', [
        { contentType: 'text/csv', content: CATALOGUE },
        { contentType: 'text/tab-separated-values', content: SAMPLE_LIST },
      ]),
      { token },
    );
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const progress = await waitForProvisioning(app, res.body.id, { token });
    assert.deepEqual(
      progress.steps.filter((s: { name: string }) => ['catalogue', 'schedules'].includes(s.name)).map((s: { state: string }) => s.state),
      ['done', 'done'],
    );
    const owner = { tenant: 'cat-happy', token: await login(app, 'cat-happy', 'owner@cat-happy.test') };
    const listed = await app.api.get('/api/v1/products?sort=["name","ASC"]', owner);
    assert.equal(listed.status, 200);
    assert.deepEqual(
      listed.body.map((p: { name: string; mrp: number | null }) => [p.name, p.mrp]),
      [
        ['Azithral 500 Tablet', 11950],
        ['Dolo 650 Tablet', 3360],
        ['Pan 40 Tablet', 15500],
        ['Zifi 200 Tablet', null],
      ],
    );
    assert.deepEqual(
      listed.body.find((p: { name: string }) => p.name === 'Dolo 650 Tablet').barcodes,
      ['8901000002013'],
      'barcodes came with the products',
    );
    const imports = (await app.api.get('/api/v1/imports', owner)).body;
    assert.deepEqual(
      imports.map((job: { status: string; created: number }) => [job.status, job.created]).sort(),
      [
        ['completed', 1],
        ['completed', 3],
      ],
      'each file is an import in the chain’s history',
    );
    const schedule = (await app.api.get('/api/v1/purchase-orders/reorder-schedule', owner)).body;
    assert.deepEqual([schedule.enabled, schedule.hour, schedule.timezone], [true, 2, 'Asia/Kolkata']);
    assert.equal(
      (await app.sql('select 1 from public.tenant_provisioning_catalogue where tenant_id = $1', [res.body.id])).length,
      0,
      'the files are dropped once provisioning completes',
    );
  });

  it('refuses a file it cannot read at all before registering the tenant', async () => {
    const noName = await app.api.post(
      '/api/v1/platform/tenants',
      body('cat-refused', [{ contentType: 'text/csv', content: 'brand,mrp\nDolo,10' }]),
      { token },
    );
    assertProblem(noName, 400);
    assert.match(noName.body.detail, /no "name" column/);
    assertProblem(
      await app.api.post('/api/v1/platform/tenants', body('cat-refused', [{ contentType: 'application/pdf', content: 'x' }]), { token }),
      400,
      'validation-error',
    );
    assert.equal((await app.sql(`select 1 from public.tenant where slug = 'cat-refused'`)).length, 0);
  });

  it('fails the catalogue step when no row can be imported, keeps the tenant closed, and resumes with the corrected file without duplicates', async () => {
    const broken = CATALOGUE.replace('33.60', '33.605').replace('119.50', '₹119.50').replace(',155', ',1.555');
    const res = await app.api.post('/api/v1/platform/tenants', body('cat-broken', [{ contentType: 'text/csv', content: broken }]), {
      token,
    });
    assert.equal(res.status, 202, JSON.stringify(res.body));
    const failed = await waitForProvisioning(app, res.body.id, { token, until: 'failed' });
    const step = failed.steps.find((s: { name: string }) => s.name === 'catalogue');
    assert.equal(step.state, 'failed');
    assert.match(
      step.error,
      /The catalogue has no row that can be imported\. Correct the file and retry: row 2: mrp: must be a price like 125\.50/,
    );
    assert.match(step.error, /row 4: mrp/);
    assert.equal(failed.steps.find((s: { name: string }) => s.name === 'activate').state, 'pending');
    assert.deepEqual(await products('cat-broken'), []);
    assertProblem(
      await app.api.post('/api/v1/auth/login', { email: 'owner@cat-broken.test', password: PASSWORD }, { tenant: 'cat-broken' }),
      403,
      'tenant-not-ready',
    );

    const fixed = [CATALOGUE, 'Crocin 500 Tablet,GSK,Paracetamol 500mg,tablet,20,8901000003010,OTC,12.50'].join('\n');
    const retried = await app.api.post(
      `/api/v1/platform/tenants/${res.body.id}/provisioning/retry`,
      { catalogue: [{ contentType: 'text/csv', content: fixed }] },
      { token },
    );
    assert.equal(retried.status, 202, JSON.stringify(retried.body));
    await waitForProvisioning(app, res.body.id, { token });
    await login(app, 'cat-broken', 'owner@cat-broken.test');
    const loaded = await products('cat-broken');
    assert.deepEqual(
      loaded.map((p) => [p.name, Number(p.mrp)]),
      [
        ['Azithral 500 Tablet', 11950],
        ['Crocin 500 Tablet', 1250],
        ['Dolo 650 Tablet', 3360],
        ['Pan 40 Tablet', 15500],
      ],
    );

    // The step run again on the same files, as after a worker died once it had committed: nothing is added twice.
    const ref = (await app.platform.app.get(TenantRegistry).bySlug('cat-broken'))!;
    const again = await app.platform.app
      .get(CatalogueLoader)
      .load(systemScope(ref, app.platform.orm.em.fork({ schema: ref.schemaName }), 'test'), [{ contentType: 'text/csv', content: fixed }]);
    assert.deepEqual(again, { created: 0, updated: 4 });
    assert.equal((await products('cat-broken')).length, 4);
  });
});
