import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { withCheckDigit } from '../src/catalog/gtin.js';
import { listQuery } from './support/api-client.js';
import { createProduct } from './support/catalog-fixtures.js';
import { assertProblem, createStore, createUser, provisionTenant, schemaOf, type TestTenant } from './support/fixtures.js';
import { dropDatabase, freshDatabase, startTestApp, type TestApp } from './support/test-app.js';

const examples = new URL('../../../tenants/examples/', import.meta.url);
const SAMPLE = readFileSync(new URL('medicines-india-sample.tsv', examples));
const EXAMPLE_CSV = readFileSync(new URL('catalogue-dawa-example.csv', examples));
const SAMPLE_ROWS = 2882;
/**
 * Rows of the sample whose name does not say the dosage form: only the one-letter product `C`. The file has no
 * dosage_form column, so it is reported asking for one rather than guessed.
 */
const SAMPLE_ROWS_WITHOUT_FORM = 1;

interface Job {
  id: string;
  status: 'queued' | 'running' | 'completed' | 'failed';
  total: number;
  processed: number;
  created: number;
  updated: number;
  failed: number;
  errors: Array<{ row: number; message: string }>;
  message: string | null;
}

describe('catalogue import', () => {
  let app: TestApp;
  let india: TestTenant;
  let kenya: TestTenant;
  let indiaSchema: string;

  const upload = (tenant: TestTenant, body: string | Buffer | undefined, contentType?: string, token = tenant.ownerToken) =>
    app.api.request('POST', '/api/v1/products/import', undefined, {
      tenant: tenant.slug,
      token,
      headers: contentType ? { 'content-type': contentType } : {},
      raw: body as string,
    });

  /** Polls the job until it ends, keeping every answer so tests can look at progress along the way. */
  const waitFor = async (tenant: TestTenant, jobId: string, seen: Job[] = []): Promise<Job> => {
    for (let i = 0; i < 3000; i++) {
      const res = await app.api.get<Job>(`/api/v1/imports/${jobId}`, { tenant: tenant.slug, token: tenant.ownerToken });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      seen.push(res.body);
      if (res.body.status === 'completed' || res.body.status === 'failed') return res.body;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(`import ${jobId} did not finish`);
  };

  const importFile = async (tenant: TestTenant, body: string | Buffer, contentType: string, seen?: Job[]) => {
    const res = await upload(tenant, body, contentType);
    assert.equal(res.status, 202, JSON.stringify(res.body));
    assert.match(res.body.jobId, /^[0-9a-f-]{36}$/);
    return waitFor(tenant, res.body.jobId, seen);
  };

  const productCount = async (schema: string) =>
    Number((await app.sql<{ n: string }>(`select count(*) as n from "${schema}".product`))[0].n);

  const productByName = async (tenant: TestTenant, name: string) => {
    const res = await app.api.get(`/api/v1/products${listQuery({ filter: { q: name }, range: [0, 99] })}`, {
      tenant: tenant.slug,
      token: tenant.ownerToken,
    });
    const product = res.body.find((p: { name: string }) => p.name === name);
    assert.ok(product, `${name} was imported`);
    return product;
  };

  before(async () => {
    // A small general body limit shows that catalogue files get their own, larger one (and only they do).
    app = await startTestApp({ DAWA_BODY_LIMIT_BYTES: '65536', DAWA_IMPORT_BODY_LIMIT_BYTES: String(4 * 1024 * 1024) });
    india = await provisionTenant(app, 'import-in');
    kenya = await provisionTenant(app, 'import-ke', { country: 'KE' });
    indiaSchema = await schemaOf(app, india.slug);
  });
  after(() => app?.close());

  it('imports the real Indian sample list (TSV): compositions parsed, country defaults, rows without a form reported', async () => {
    assert.ok(SAMPLE.length > 65536, 'the sample is larger than the general body limit');
    const job = await importFile(india, SAMPLE, 'text/tab-separated-values');
    assert.equal(job.status, 'completed', JSON.stringify(job));
    assert.equal(job.total, SAMPLE_ROWS);
    assert.equal(job.processed, SAMPLE_ROWS);
    assert.equal(job.failed, SAMPLE_ROWS_WITHOUT_FORM, JSON.stringify(job.errors));
    assert.equal(job.created, SAMPLE_ROWS - SAMPLE_ROWS_WITHOUT_FORM);
    assert.equal(job.updated, 0);
    assert.equal(await productCount(indiaSchema), job.created);
    for (const error of job.errors) assert.match(error.message, /^dosage_form: .*add a dosage_form column/);
    // The one-letter name `C` is line 2 of the file (the header is line 1): it is kept apart, not guessed.
    assert.deepEqual(
      job.errors[0],
      job.errors.find((e) => e.row === 2),
    );

    const augmentinLike = await productByName(india, 'A Klave 500mg/125mg Tablet');
    assert.deepEqual(augmentinLike.ingredients, [
      { name: 'Amoxycillin', strength: '500mg' },
      { name: 'Clavulanic Acid', strength: '125mg' },
    ]);
    assert.equal(augmentinLike.genericName, 'Amoxycillin 500mg + Clavulanic Acid 125mg');
    assert.equal(augmentinLike.manufacturer, 'Vintech Formulations');
    assert.equal(augmentinLike.compositionKey, 'amoxicillin:500mg+clavulanic acid:125mg|tablet');
    // The file says nothing about the pack, price or schedule: one pack, no MRP, India's cautious defaults.
    assert.deepEqual(
      [augmentinLike.dosageForm, augmentinLike.packSize, augmentinLike.baseUnit, augmentinLike.mrp],
      ['tablet', 1, 'pack', null],
    );
    assert.deepEqual(
      [augmentinLike.schedule, augmentinLike.taxClass, augmentinLike.hsnCode, augmentinLike.prescriptionRequired],
      ['H', 'GST_HSN', '3004', true],
      'the GST rate follows HSN 3004 (medicaments in measured doses) until someone says otherwise',
    );
    const notStated = await productByName(india, 'Abcef AZ Kid Tablet');
    assert.deepEqual(notStated.ingredients, [
      { name: 'Cefixime', strength: '' },
      { name: 'Azithromycin', strength: '' },
    ]);
    assert.equal(notStated.genericName, 'Cefixime + Azithromycin', '(NA) strengths are empty, not "NA"');
    assert.equal((await productByName(india, 'A Rex Drop')).dosageForm, 'drops');

    const audit = await app.sql<{ action: string; n: string }>(
      `select action, count(*) as n from "${indiaSchema}".audit_log where entity_type = 'ImportJob' and entity_id = $1 group by action`,
      [job.id],
    );
    assert.deepEqual(Object.fromEntries(audit.map((a) => [a.action, Number(a.n)])), {
      'import.started': 1,
      'product.imported': Math.ceil(SAMPLE_ROWS / 500),
      'import.completed': 1,
    });
    const verify = await app.api.get('/api/v1/audit-logs/verify', { tenant: india.slug, token: india.ownerToken });
    assert.equal(verify.body.valid, true);
  });

  it('re-importing the same file updates and never duplicates, keeping what staff entered since', async () => {
    const before = await productCount(indiaSchema);
    const edited = await productByName(india, 'A Klave 500mg/125mg Tablet');
    const put = await app.api.put(
      `/api/v1/products/${edited.id}`,
      { mrp: 11850, schedule: 'OTC', reorderLevel: 30 },
      { tenant: india.slug, token: india.ownerToken },
    );
    assert.equal(put.status, 200, JSON.stringify(put.body));

    const job = await importFile(india, SAMPLE, 'text/tab-separated-values');
    assert.equal(job.status, 'completed');
    assert.deepEqual([job.created, job.updated, job.failed], [0, SAMPLE_ROWS - SAMPLE_ROWS_WITHOUT_FORM, SAMPLE_ROWS_WITHOUT_FORM]);
    assert.equal(await productCount(indiaSchema), before);
    const again = await productByName(india, 'A Klave 500mg/125mg Tablet');
    assert.equal(again.id, edited.id);
    assert.deepEqual(
      [again.mrp, again.reorderLevel, again.schedule],
      [11850, 30, 'OTC'],
      'columns the file does not have are left as they are',
    );
  });

  it('reports each bad row of a Dawa CSV with its line and reason, and writes the good rows whole', async () => {
    const [b1, b2, b3, b4, taken, fresh] = [
      '890400000011',
      '890400000012',
      '890400000013',
      '890400000014',
      '890400000099',
      '890400000050',
    ].map(withCheckDigit);
    await createProduct(app, india, { name: 'Existing Barcode Owner Tablet', barcodes: [taken] });
    const badCheckDigit = `${b3.slice(0, -1)}${(Number(b3.at(-1)) + 1) % 10}`;
    const lines = [
      'Name,Manufacturer,Composition,Dosage Form,pack_size,base_unit,barcodes,schedule,tax_class,hsn_code,mrp,reorder_level,supplier_note',
      `Augmentin 625 Duo Tablet,Glaxo SmithKline Pharmaceuticals Ltd,Amoxycillin 500mg + Clavulanic Acid 125mg,tablet,10,tablet,${b1}|${b2},H,GST_5,3004,223.50,20,ignored`,
      `Bad Barcode Tablet,X Ltd,Paracetamol 500mg,tablet,10,tablet,${badCheckDigit},OTC,GST_5,,10.00,,`,
      `Unknown Form Thing,X Ltd,Paracetamol 500mg,pill,10,,,OTC,GST_5,,,,`,
      `Comma Price Tablet,X Ltd,Paracetamol 500mg,tablet,10,tablet,,OTC,GST_5,,"12,5",,`,
      `Kenyan Schedule Tablet,X Ltd,Paracetamol 500mg,tablet,10,tablet,,POM,GST_5,,,,`,
      `Duplicate Barcode Tablet,X Ltd,Paracetamol 500mg,tablet,10,tablet,${b2},OTC,GST_5,,,,`,
      `,X Ltd,Paracetamol 500mg,tablet,10,tablet,,OTC,GST_5,,,,`,
      // Quoted: a comma and a quote in the name, a line break inside the composition (so this record spans lines 9-10).
      `"Calpol ""Plus"", 500mg Tablet",GSK,"Paracetamol 500mg +\nCaffeine 30mg",tablet,10,tablet,${b4},OTC,GST_12,30049099,0.29,,`,
      `Owned Barcode Tablet,X Ltd,Paracetamol 500mg,tablet,10,tablet,${fresh}|${taken},OTC,GST_5,,,,`,
      `Crocin 650 Tablet,GSK,Paracetamol 650mg,tablet,15,,,OTC,GST_5,,1234567.8,,`,
      `Ten Pack Tablet,X Ltd,Paracetamol 500mg,tablet,ten,tablet,,OTC,GST_5,,,,`,
      '',
    ];
    const file = `\ufeff${lines.join('\r\n')}`;
    const before = await productCount(indiaSchema);
    const job = await importFile(india, file, 'text/csv; charset=utf-8');
    assert.equal(job.status, 'completed', JSON.stringify(job));
    assert.deepEqual(
      job.errors.map((e) => e.row),
      [3, 4, 5, 6, 7, 8, 11, 13],
      JSON.stringify(job.errors, null, 1),
    );
    const message = (row: number) => job.errors.find((e) => e.row === row)!.message;
    assert.match(message(3), new RegExp(`^barcodes: ${badCheckDigit} is not a valid barcode`));
    assert.match(message(4), /^dosage_form: "pill" is not a dosage form; use one of tablet, capsule/);
    assert.equal(message(5), 'mrp: must be a price like 125.50');
    assert.equal(message(6), 'schedule: must be one of OTC, H, H1, X for IN');
    assert.equal(message(7), `barcodes: ${b2} is also on row 2; a barcode can belong to only one product`);
    assert.equal(message(8), 'name: is required');
    assert.equal(message(11), `barcodes: ${taken} is already used by another product`);
    assert.equal(message(13), 'pack_size: must be a whole number like 10');
    assert.deepEqual([job.total, job.processed, job.created, job.updated, job.failed], [11, 11, 3, 0, 8]);
    assert.equal(await productCount(indiaSchema), before + 3);

    const augmentin = await productByName(india, 'Augmentin 625 Duo Tablet');
    assert.deepEqual([augmentin.mrp, augmentin.packSize, augmentin.reorderLevel, augmentin.hsnCode], [22350, 10, 20, '3004']);
    assert.deepEqual(augmentin.barcodes, [b1, b2].sort());
    const calpol = await productByName(india, 'Calpol "Plus", 500mg Tablet');
    assert.equal(calpol.genericName, 'Paracetamol 500mg + Caffeine 30mg');
    assert.deepEqual([calpol.mrp, calpol.taxClass, calpol.barcodes], [29, 'GST_12', [b4]]);
    const crocin = await productByName(india, 'Crocin 650 Tablet');
    assert.deepEqual([crocin.mrp, crocin.baseUnit], [123456780, 'tablet'], 'decimal prices become exact minor units');

    // Nothing of a refused row reached the database: no product, no barcode.
    const barcodes = await app.sql<{ barcode: string; name: string }>(
      `select b.barcode, p.name from "${indiaSchema}".product_barcode b join "${indiaSchema}".product p on p.id = b.product_id
       where b.barcode = any($1) order by b.barcode`,
      [[b1, b2, b3, badCheckDigit, b4, taken, fresh]],
    );
    assert.deepEqual(
      barcodes.map((b) => `${b.barcode} ${b.name}`),
      [
        `${b1} Augmentin 625 Duo Tablet`,
        `${b2} Augmentin 625 Duo Tablet`,
        `${b4} Calpol "Plus", 500mg Tablet`,
        `${taken} Existing Barcode Owner Tablet`,
      ].sort(),
    );
    const stray = await app.sql(
      `select name from "${indiaSchema}".product where name in ('Owned Barcode Tablet', 'Bad Barcode Tablet', 'Duplicate Barcode Tablet')`,
    );
    assert.deepEqual(stray, []);
  });

  it('imports the committed example file cleanly', async () => {
    const job = await importFile(india, EXAMPLE_CSV, 'text/csv');
    assert.deepEqual([job.status, job.failed, job.created + job.updated], ['completed', 0, 8], JSON.stringify(job.errors));
    assert.equal((await productByName(india, 'Alprax 0.25 Tablet')).schedule, 'H1');
  });

  it('shows progress while it runs: counters only move forward, batch by batch', async () => {
    const rows = 4000;
    const lines = ['name,manufacturer,composition,dosage_form,pack_size,mrp'];
    for (let i = 0; i < rows; i++)
      lines.push(`Progress ${i} Tablet,Maker ${i % 7},Paracetamol ${500 + (i % 3) * 50}mg,tablet,${10 + (i % 5)},${i}.${i % 100}`);
    const seen: Job[] = [];
    const job = await importFile(kenya, lines.join('\n'), 'text/csv', seen);
    assert.deepEqual([job.status, job.total, job.processed, job.created, job.failed], ['completed', rows, rows, rows, 0]);
    for (let i = 1; i < seen.length; i++) {
      for (const counter of ['processed', 'created', 'updated', 'failed'] as const) {
        assert.ok(seen[i][counter] >= seen[i - 1][counter], `${counter} never goes back`);
      }
    }
    assert.ok(
      seen.some((s) => s.status === 'running' && s.processed > 0 && s.processed < rows),
      'a poll saw the job part-way through',
    );
    assert.ok(
      seen.every((s) => s.processed % 500 === 0 || s.processed === rows),
      'counters move a whole batch at a time',
    );
    const product = await productByName(kenya, 'Progress 3 Tablet');
    assert.deepEqual(
      [product.schedule, product.taxClass, product.baseUnit, product.mrp],
      ['POM', 'VAT_A_EXEMPT', 'tablet', 330],
      "Kenya's defaults",
    );
  });

  it('lists imports newest first in the list dialect, without the error lists', async () => {
    const res = await app.api.get(`/api/v1/imports${listQuery({ range: [0, 1] })}`, { tenant: india.slug, token: india.ownerToken });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-range'), 'imports 0-1/4');
    assert.equal(res.body.length, 2);
    assert.ok(new Date(res.body[0].createdAt) >= new Date(res.body[1].createdAt));
    assert.equal(res.body[0].errors, undefined);
    const failed = await app.api.get(`/api/v1/imports${listQuery({ filter: { status: 'failed' } })}`, {
      tenant: india.slug,
      token: india.ownerToken,
    });
    assert.deepEqual(failed.body, []);
  });

  it('lets only owners and admins import; auditors may read jobs, cashiers may not', async () => {
    const storeId = await createStore(app, india, 'IMP-1');
    const cashier = await createUser(app, india, 'cashier@import.test', ['cashier'], [storeId]);
    const admin = await createUser(app, india, 'admin@import.test', ['admin']);
    const auditor = await createUser(app, india, 'auditor@import.test', ['auditor']);
    const jobsBefore = await app.sql(`select id from "${indiaSchema}".import_job`);
    assertProblem(await upload(india, EXAMPLE_CSV.toString(), 'text/csv', cashier.token), 403);
    assertProblem(await upload(india, EXAMPLE_CSV.toString(), 'text/csv', auditor.token), 403);
    assert.equal((await app.sql(`select id from "${indiaSchema}".import_job`)).length, jobsBefore.length, 'a refused upload makes no job');
    assertProblem(await app.api.get('/api/v1/imports', { tenant: india.slug, token: cashier.token }), 403);
    const [{ id }] = await app.sql<{ id: string }>(`select id from "${indiaSchema}".import_job limit 1`);
    assertProblem(await app.api.get(`/api/v1/imports/${id}`, { tenant: india.slug, token: cashier.token }), 403);
    assert.equal((await app.api.get(`/api/v1/imports/${id}`, { tenant: india.slug, token: auditor.token })).status, 200);
    const byAdmin = await upload(india, EXAMPLE_CSV.toString(), 'text/csv', admin.token);
    assert.equal(byAdmin.status, 202);
    await waitFor(india, byAdmin.body.jobId);
  });

  it("never shows one chain's import to another", async () => {
    const [{ id }] = await app.sql<{ id: string }>(`select id from "${indiaSchema}".import_job limit 1`);
    assertProblem(await app.api.get(`/api/v1/imports/${id}`, { tenant: kenya.slug, token: kenya.ownerToken }), 404);
    assertProblem(await app.api.get(`/api/v1/imports/${id}`, { tenant: kenya.slug, token: india.ownerToken }), 401);
    const kenyan = await app.api.get('/api/v1/imports', { tenant: kenya.slug, token: kenya.ownerToken });
    assert.ok(kenyan.body.every((j: { id: string }) => j.id !== id));
  });

  it('refuses malformed uploads with problem+json and makes no job', async () => {
    const jobs = async () => (await app.sql(`select id from "${indiaSchema}".import_job`)).length;
    const before = await jobs();
    assertProblem(await upload(india, undefined, 'text/csv'), 400);
    assertProblem(await upload(india, undefined), 415);
    assertProblem(await upload(india, JSON.stringify({ name: 'x' }), 'application/json'), 415);
    assertProblem(await upload(india, 'name;manufacturer\nx;y', 'application/octet-stream'), 415);
    assertProblem(await upload(india, 'name,manufacturer\r\n', 'text/csv'), 400);
    assertProblem(await upload(india, '\ufeff', 'text/csv'), 400);
    const noName = await upload(india, 'product,manufacturer\nDolo,Micro', 'text/csv');
    assertProblem(noName, 400);
    assert.match(noName.body.detail, /no "name" column/);
    const tabsAsCsv = await upload(india, 'name\tmanufacturer\nDolo 650 Tablet\tMicro', 'text/csv');
    assertProblem(tabsAsCsv, 400);
    assert.match(tabsAsCsv.body.detail, /text\/tab-separated-values/);
    const latin1 = Buffer.concat([Buffer.from('name,manufacturer\nCaf'), Buffer.from([0xe9]), Buffer.from(' Tablet,X\n')]);
    assertProblem(await upload(india, latin1, 'text/csv'), 400);
    assertProblem(await upload(india, 'name\nx', 'text/csv; charset=windows-1252'), 415);
    const big = `name\n${'Large File Tablet\n'.repeat(250_000)}`;
    assertProblem(await upload(india, big, 'text/csv'), 413);
    // Other endpoints still take JSON only.
    assertProblem(
      await app.api.request('POST', '/api/v1/stores', undefined, {
        tenant: india.slug,
        token: india.ownerToken,
        headers: { 'content-type': 'text/csv' },
        raw: 'code,name\nX,Y',
      }),
      415,
    );
    assert.equal(await jobs(), before);
  });

  it('documents the routes in the OpenAPI document', async () => {
    const doc = await app.api.get('/api/docs-json');
    assert.deepEqual(Object.keys(doc.body.paths['/api/v1/products/import'].post.requestBody.content).sort(), [
      'text/csv',
      'text/plain',
      'text/tab-separated-values',
    ]);
    assert.ok(doc.body.paths['/api/v1/imports/{id}'].get);
  });

  it('sniffs tabs when a file comes as text/plain', async () => {
    const job = await importFile(kenya, 'name\tmanufacturer\tcomposition\nSniffed Syrup\tAcme\tParacetamol 120mg/5ml\n', 'text/plain');
    assert.deepEqual([job.status, job.created], ['completed', 1]);
    assert.equal((await productByName(kenya, 'Sniffed Syrup')).dosageForm, 'syrup');
  });

  it('on shutdown, finishes the batch in hand and fails the job saying re-import is safe', async () => {
    const databaseUrl = await freshDatabase();
    const stopping = await startTestApp({}, databaseUrl);
    const client = new pg.Client({ connectionString: databaseUrl });
    try {
      const tenant = await provisionTenant(stopping, 'import-stop');
      const schema = await schemaOf(stopping, tenant.slug);
      const lines = ['name,manufacturer,dosage_form,pack_size'];
      for (let i = 0; i < 4000; i++) lines.push(`Stop ${i} Tablet,Maker,tablet,10`);
      const as = { tenant: tenant.slug, token: tenant.ownerToken };
      const res = await stopping.api.request('POST', '/api/v1/products/import', undefined, {
        ...as,
        headers: { 'content-type': 'text/csv' },
        raw: lines.join('\n'),
      });
      assert.equal(res.status, 202);
      for (let i = 0; i < 500; i++) {
        if ((await stopping.api.get(`/api/v1/imports/${res.body.jobId}`, as)).body.processed > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await stopping.close();
      await client.connect();
      const [job] = (await client.query(`select status, message, processed, created from "${schema}".import_job`)).rows;
      assert.equal(job.status, 'failed');
      assert.match(job.message, /shut down.*importing the same file again is safe/);
      assert.ok(job.processed > 0 && job.processed < 4000 && job.processed % 500 === 0, `stopped after whole batches: ${job.processed}`);
      const [{ n }] = (await client.query(`select count(*)::int as n from "${schema}".product`)).rows;
      assert.equal(n, job.created, 'exactly the counted rows were written');
    } finally {
      await client.end();
      await dropDatabase(databaseUrl);
    }
  });

  it('fails jobs a dead process left running when another process boots, and leaves live ones alone', async () => {
    const orphan = '00000000-0000-4000-8000-000000000001';
    const alive = '00000000-0000-4000-8000-000000000002';
    for (const id of [orphan, alive]) {
      await app.sql(
        `insert into "${indiaSchema}".import_job (id, kind, status, total, processed) values ($1, 'products', 'running', 1000, 500)`,
        [id],
      );
    }
    // Some other live process owns `alive`: it holds the job's lease.
    const owner = new pg.Client({ connectionString: app.databaseUrl });
    await owner.connect();
    await owner.query(`select pg_advisory_lock(hashtext('dawa:import-job'), hashtext($1))`, [alive]);
    const restarted = await startTestApp({}, app.databaseUrl);
    try {
      let status: Record<string, { status: string; message: string | null }> = {};
      for (let i = 0; i < 200 && status[orphan]?.status !== 'failed'; i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        const rows = await app.sql<{ id: string; status: string; message: string | null }>(
          `select id, status, message from "${indiaSchema}".import_job where id = any($1)`,
          [[orphan, alive]],
        );
        status = Object.fromEntries(rows.map((r) => [r.id, r]));
      }
      assert.equal(status[orphan].status, 'failed');
      assert.match(status[orphan].message ?? '', /importing the same file again is safe/);
      assert.equal(status[alive].status, 'running');
      const audit = await app.sql(`select 1 from "${indiaSchema}".audit_log where action = 'import.failed' and entity_id = $1`, [orphan]);
      assert.equal(audit.length, 1);
    } finally {
      await restarted.close();
      await owner.end();
      await app.sql(`update "${indiaSchema}".import_job set status = 'failed' where id = $1`, [alive]);
    }
  });
});
