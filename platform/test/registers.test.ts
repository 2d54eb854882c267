import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listQuery } from './support/api-client.js';
import { createProduct } from './support/catalog-fixtures.js';
import { assertProblem, createUser, provisionTenant, type TestTenant } from './support/fixtures.js';
import { assertLedgerMatchesBalances, inDays, receive } from './support/inventory-fixtures.js';
import { approvedPrescription, AMOXIL_500, indianPharmacy, PATIENT, PRESCRIBER } from './support/prescription-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** Splits CSV text into rows of cells (quoted cells, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((cell += '"'), i++);
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(cell), (cell = ''));
    else if (c === '\n') (row.push(cell), rows.push(row), (row = []), (cell = ''));
    else if (c !== '\r') cell += c;
  }
  if (cell || row.length) (row.push(cell), rows.push(row));
  return rows;
}

const inYears = (date: string, years: number) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;

describe('statutory registers (India H1 and X)', () => {
  let app: TestApp;
  let india: TestTenant;
  let schema: string;
  let mumbai: string;
  let pune: string;
  let cefixime: string;
  let ketamine: string;
  let amox: string;
  let dolo: string;
  let pharmacist: { id: string; token: string };
  let sale: any;

  const as = (token: string) => ({ tenant: india.slug, token });

  before(async () => {
    app = await startTestApp();
    ({ tenant: india, schema, mumbai, pune } = await indianPharmacy(app, 'reg-india'));
    pharmacist = await createUser(app, india, 'meera.pharmacist@reg.test', ['pharmacist'], [mumbai]);
    cefixime = await createProduct(app, india, {
      name: 'Taxim-O 200 Tablet',
      ingredients: [{ name: 'Cefixime', strength: '200mg' }],
      manufacturer: 'Alkem Laboratories',
      schedule: 'H1',
      mrp: 10900,
    });
    ketamine = await createProduct(app, india, {
      name: 'Ketmin 50 Injection',
      ingredients: [{ name: 'Ketamine', strength: '50mg' }],
      dosageForm: 'injection',
      baseUnit: 'vial',
      packSize: 1,
      schedule: 'X',
      mrp: 9000,
    });
    amox = await createProduct(app, india, AMOXIL_500);
    dolo = await createProduct(app, india, { name: 'Dolo 650 Tablet', packSize: 15, mrp: 3400 });
    await receive(app, india, mumbai, [
      { productId: cefixime, batchNo: 'CFX-A1', expiry: inDays(120), quantity: 6, mrp: 10900 },
      { productId: cefixime, batchNo: 'CFX-B7', expiry: inDays(400), quantity: 40, mrp: 10900 },
      { productId: ketamine, batchNo: 'KTM-3', expiry: inDays(300), quantity: 10, mrp: 9000 },
      { productId: amox, batchNo: 'AMX-1', expiry: inDays(300), quantity: 100, mrp: 8500 },
      { productId: dolo, batchNo: 'DL-1', expiry: inDays(300), quantity: 150, mrp: 3400 },
    ]);
    const rx = await approvedPrescription(app, india, pharmacist.token, {
      storeId: mumbai,
      items: [
        { productId: cefixime, quantity: 10 },
        { genericName: 'Amoxycillin', quantity: 10 },
      ],
    });
    const res = await app.api.post(
      '/api/v1/sales',
      {
        storeId: mumbai,
        prescriptionId: rx.id,
        lines: [
          { productId: cefixime, quantity: 10 },
          { productId: amox, quantity: 10 },
          { productId: dolo, quantity: 15 },
        ],
        payments: [{ method: 'cash', amount: 100_000 }],
      },
      as(pharmacist.token),
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    sale = res.body;
  });
  after(async () => {
    await assertLedgerMatchesBalances(app, schema);
    await app?.close();
  });

  it('writes one H1 entry for the Schedule H1 line of a sale, with everything Rule 65 asks for', async () => {
    const res = await app.api.get('/api/v1/registers/h1', as(pharmacist.token));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.headers.get('content-range'), 'registers 0-0/1');
    assert.equal(res.body.length, 1, 'the H and OTC lines are not in the H1 register');
    const entry = res.body[0];
    const cefiximeLine = sale.lines.find((l: any) => l.productId === cefixime);
    assert.equal(entry.kind, 'h1');
    assert.equal(entry.storeId, mumbai);
    assert.equal(entry.date, sale.businessDate);
    assert.equal(entry.date, inDays(0));
    assert.equal(entry.invoiceNo, sale.invoiceNo);
    assert.equal(entry.saleId, sale.id);
    assert.equal(entry.saleLineId, cefiximeLine.id);
    assert.equal(entry.prescriptionId, sale.prescriptionId);
    assert.deepEqual(entry.patient, { name: PATIENT.name, address: PATIENT.address });
    assert.deepEqual(entry.prescriber, { name: PRESCRIBER.name, address: PRESCRIBER.address, registrationNo: PRESCRIBER.registrationNo });
    assert.deepEqual(entry.drug, {
      productId: cefixime,
      name: 'Taxim-O 200 Tablet',
      genericName: 'Cefixime 200mg',
      manufacturer: 'Alkem Laboratories',
      schedule: 'H1',
    });
    assert.equal(entry.quantity, 10);
    assert.equal(entry.unit, 'tablet');
    // FEFO took the 6 tablets of the earlier batch, then 4 of the next.
    assert.deepEqual(entry.batches, [
      { batchNo: 'CFX-A1', expiry: inDays(120), quantity: 6 },
      { batchNo: 'CFX-B7', expiry: inDays(400), quantity: 4 },
    ]);
    assert.deepEqual(entry.pharmacist, { id: pharmacist.id, name: 'meera.pharmacist' });
    assert.equal(entry.retainUntil, inYears(entry.date, 3), 'H1 registers are kept three years');
    assert.equal(typeof entry.entryNo, 'number');

    const [raw] = await app.sql<{ patient_name: string; patient_address: string }>(
      `select patient_name, patient_address from "${schema}".register_entry where id = $1`,
      [entry.id],
    );
    assert.match(raw.patient_name, /^v1\./);
    assert.match(raw.patient_address, /^v1\./);
    assert.ok(!raw.patient_name.includes('Asha') && !raw.patient_address.includes('Linking'));
  });

  it('keeps Schedule X in its own register, for two years', async () => {
    // Schedule X: a second pharmacist of the store signs the approval too.
    const second = await createUser(app, india, 'ravi.pharmacist@reg.test', ['pharmacist'], [mumbai]);
    const rx = await approvedPrescription(
      app,
      india,
      pharmacist.token,
      { storeId: mumbai, items: [{ productId: ketamine, quantity: 2 }] },
      second.token,
    );
    const res = await app.api.post(
      '/api/v1/sales',
      {
        storeId: mumbai,
        prescriptionId: rx.id,
        lines: [{ productId: ketamine, quantity: 2 }],
        payments: [{ method: 'cash', amount: 20_000 }],
      },
      as(pharmacist.token),
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    const x = await app.api.get('/api/v1/registers/x', as(india.ownerToken));
    assert.deepEqual(
      x.body.map((e: any) => [e.drug.name, e.quantity, e.invoiceNo, e.retainUntil]),
      [['Ketmin 50 Injection', 2, res.body.invoiceNo, inYears(inDays(0), 2)]],
    );
    const h1 = await app.api.get('/api/v1/registers/h1', as(india.ownerToken));
    assert.equal(h1.body.length, 1);
  });

  it('filters by date and store, and lets pharmacists, managers, owners and auditors read but not cashiers', async () => {
    const today = inDays(0);
    const count = async (query: string, token = india.ownerToken) => {
      const res = await app.api.get(`/api/v1/registers/h1${query}`, as(token));
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body.length;
    };
    assert.equal(await count(`?from=${today}&to=${today}`), 1);
    assert.equal(await count(`?to=${inDays(-1)}`), 0);
    assert.equal(await count(`?from=${inDays(1)}`), 0);
    assert.equal(await count(listQuery({ filter: { from: today, storeId: mumbai }, sort: ['date', 'ASC'], range: [0, 9] })), 1);
    assert.equal(await count(listQuery({ filter: { storeId: pune } })), 0);
    assert.equal(await count(listQuery({ filter: { invoiceNo: sale.invoiceNo } })), 1);
    const auditor = await createUser(app, india, 'inspector@reg.test', ['auditor']);
    const manager = await createUser(app, india, 'manager@reg.test', ['store_manager'], [mumbai]);
    const punePharmacist = await createUser(app, india, 'pharmacist.pune@reg.test', ['pharmacist'], [pune]);
    const cashier = await createUser(app, india, 'cashier@reg.test', ['cashier'], [mumbai]);
    const seen = await app.api.get('/api/v1/registers/h1', as(auditor.token));
    assert.equal(seen.body[0].patient.name, PATIENT.name, 'inspectors read registers in full');
    assert.equal(await count('', manager.token), 1);
    assert.equal(await count('', punePharmacist.token), 0);
    assertProblem(await app.api.get('/api/v1/registers/h1', as(cashier.token)), 403);
    assertProblem(await app.api.get('/api/v1/registers/h1/export.csv', as(cashier.token)), 403);
    assertProblem(await app.api.get('/api/v1/registers', as(cashier.token)), 403);
  });

  it("lists the registers India keeps, for the back office's menu", async () => {
    for (const token of [india.ownerToken, pharmacist.token]) {
      const res = await app.api.get('/api/v1/registers', as(token));
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body, [
        { id: 'h1', name: 'Schedule H1 register', schedules: ['H1'], retentionYears: 3 },
        { id: 'x', name: 'Schedule X register', schedules: ['X'], retentionYears: 2 },
      ]);
    }
  });

  it('exports the register as CSV with a header row', async () => {
    const res = await app.api.get(`/api/v1/registers/h1/export.csv?from=${inDays(-30)}&to=${inDays(0)}`, as(pharmacist.token));
    assert.equal(res.status, 200, String(res.body));
    assert.match(res.headers.get('content-type') ?? '', /^text\/csv/);
    assert.match(res.headers.get('content-disposition') ?? '', /attachment; filename="h1-register.csv"/);
    const [entry] = (await app.api.get('/api/v1/registers/h1', as(pharmacist.token))).body;
    // Column by column, in the order of the header row.
    const expected = {
      entry_no: String(entry.entryNo),
      date: inDays(0),
      invoice_no: sale.invoiceNo,
      patient_name: PATIENT.name,
      patient_address: PATIENT.address,
      prescriber_name: PRESCRIBER.name,
      prescriber_address: PRESCRIBER.address,
      prescriber_registration_no: PRESCRIBER.registrationNo,
      drug_name: 'Taxim-O 200 Tablet',
      generic_name: 'Cefixime 200mg',
      manufacturer: 'Alkem Laboratories',
      schedule: 'H1',
      quantity: '10',
      unit: 'tablet',
      batches: `CFX-A1 exp ${inDays(120)} x 6; CFX-B7 exp ${inDays(400)} x 4`,
      pharmacist: 'meera.pharmacist',
      prescription_id: sale.prescriptionId,
      retain_until: inYears(inDays(0), 3),
    };
    const [header, ...rows] = parseCsv(res.body);
    assert.deepEqual(header, Object.keys(expected));
    assert.deepEqual(rows, [Object.values(expected)]);
    const empty = await app.api.get(`/api/v1/registers/h1/export.csv?to=${inDays(-1)}`, as(pharmacist.token));
    assert.equal(parseCsv(empty.body).length, 1, 'only the header row');
    const [log] = await app.sql<{ n: string }>(`select count(*) as n from "${schema}".audit_log where action = 'register.exported'`);
    assert.equal(log.n, '2', 'every export is audited');
  });

  it('refuses in the database to delete or change an entry inside its retention period', async () => {
    const [entry] = await app.sql<{ id: string }>(`select id from "${schema}".register_entry where kind = 'h1'`);
    await assert.rejects(app.sql(`delete from "${schema}".register_entry where id = $1`, [entry.id]), /must be kept until/);
    await assert.rejects(app.sql(`update "${schema}".register_entry set quantity = 1 where id = $1`, [entry.id]), /cannot be changed/);
    await assert.rejects(app.sql(`truncate "${schema}".register_entry`), /cannot be truncated/);
    // An entry whose retention has ended may go.
    await app.sql(
      `insert into "${schema}".register_entry (id, kind, store_id, entry_date, sale_id, sale_line_id, invoice_no, prescription_id, patient_name,
         patient_address, prescriber_name, prescriber_address, prescriber_registration_no, product_id, drug_name, generic_name, manufacturer,
         schedule, quantity, unit, batches, pharmacist_id, pharmacist_name, retain_until)
       select gen_random_uuid(), kind, store_id, entry_date - interval '4 years', sale_id, sale_line_id, invoice_no, prescription_id, patient_name,
         patient_address, prescriber_name, prescriber_address, prescriber_registration_no, product_id, drug_name, generic_name, manufacturer,
         schedule, quantity, unit, batches, pharmacist_id, pharmacist_name, current_date - 1
       from "${schema}".register_entry where id = $1`,
      [entry.id],
    );
    const removed = await app.sql(`delete from "${schema}".register_entry where retain_until < current_date returning id`);
    assert.equal(removed.length, 1);
    assertProblem(await app.api.delete(`/api/v1/registers/h1/${entry.id}`, as(india.ownerToken)), 404);
  });

  it('answers bad input with 400 and unknown registers with 404', async () => {
    assertProblem(await app.api.get('/api/v1/registers/poisons', as(india.ownerToken)), 400, 'validation-error');
    assertProblem(await app.api.get('/api/v1/registers/cd', as(india.ownerToken)), 404, 'not-found');
    assertProblem(await app.api.get('/api/v1/registers/h1?from=2026-13-01', as(india.ownerToken)), 400);
    assertProblem(await app.api.get('/api/v1/registers/h1/export.csv?to=yesterday', as(india.ownerToken)), 400);
    assertProblem(await app.api.get(`/api/v1/registers/h1${listQuery({ filter: { patient: 'Asha' } })}`, as(india.ownerToken)), 400);
    assertProblem(await app.api.get(`/api/v1/registers/h1${listQuery({ sort: ['patientName', 'ASC'] })}`, as(india.ownerToken)), 400);
  });
});

describe('statutory registers (Kenya controlled drugs)', () => {
  let app: TestApp;
  let kenya: TestTenant;

  before(async () => {
    app = await startTestApp();
    kenya = await provisionTenant(app, 'reg-kenya', { country: 'KE' });
  });
  after(() => app?.close());

  it('writes a CD entry for a controlled drug, kept two years, and only the POM line needs no entry', async () => {
    const as = (token: string) => ({ tenant: kenya.slug, token });
    const store = (await app.api.post('/api/v1/stores', { code: 'NBO-1', name: 'Moi Avenue', region: 'Nairobi' }, as(kenya.ownerToken)))
      .body.id;
    const pharmacist = await createUser(app, kenya, 'wanjiru@reg-ke.test', ['pharmacist'], [store]);
    const secondPharmacist = await createUser(app, kenya, 'otieno@reg-ke.test', ['pharmacist'], [store]);
    const base = { taxClass: 'VAT_A_EXEMPT', hsnCode: null };
    const morphine = await createProduct(app, kenya, {
      ...base,
      name: 'Morphine Sulphate 10 Tablet',
      ingredients: [{ name: 'Morphine', strength: '10mg' }],
      schedule: 'CD',
    });
    const amoxil = await createProduct(app, kenya, {
      ...base,
      name: 'Amoxil 250 Capsule',
      ingredients: [{ name: 'Amoxicillin', strength: '250mg' }],
      schedule: 'POM',
    });
    await receive(app, kenya, store, [
      { productId: morphine, batchNo: 'MS-1', expiry: inDays(300, 'Africa/Nairobi'), quantity: 30, mrp: 50000 },
      { productId: amoxil, batchNo: 'AX-1', expiry: inDays(300, 'Africa/Nairobi'), quantity: 30, mrp: 30000 },
    ]);
    const rx = await approvedPrescription(
      app,
      kenya,
      pharmacist.token,
      {
        storeId: store,
        issuedAt: inDays(0, 'Africa/Nairobi'),
        items: [
          { genericName: 'morphine', quantity: 10 },
          { productId: amoxil, quantity: 10 },
        ],
      },
      secondPharmacist.token,
    );
    const sold = await app.api.post(
      '/api/v1/sales',
      {
        storeId: store,
        prescriptionId: rx.id,
        lines: [
          { productId: morphine, quantity: 10 },
          { productId: amoxil, quantity: 10 },
        ],
        payments: [{ method: 'mpesa', amount: 80_000, reference: 'NLJ7RT61SV' }],
      },
      as(pharmacist.token),
    );
    assert.equal(sold.status, 201, JSON.stringify(sold.body));
    const cd = await app.api.get('/api/v1/registers/cd', as(pharmacist.token));
    assert.deepEqual(
      cd.body.map((e: any) => [e.drug.name, e.drug.schedule, e.quantity, e.patient.name, e.invoiceNo, e.retainUntil]),
      [['Morphine Sulphate 10 Tablet', 'CD', 10, PATIENT.name, sold.body.invoiceNo, inYears(sold.body.businessDate, 2)]],
    );
    assertProblem(await app.api.get('/api/v1/registers/h1', as(kenya.ownerToken)), 404);
    const kinds = await app.api.get('/api/v1/registers', as(pharmacist.token));
    assert.deepEqual(kinds.body, [{ id: 'cd', name: 'Controlled drugs register', schedules: ['CD'], retentionYears: 2 }]);
  });
});
