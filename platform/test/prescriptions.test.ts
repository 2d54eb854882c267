import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { abilityFor } from '../src/access/ability.factory.js';
import { asSubject, type Action } from '../src/access/ability.js';
import { ROLES, type RoleName } from '../src/access/roles.js';
import { genericMatches, uncoveredDemand, type RxDemand } from '../src/prescriptions/prescription-coverage.js';
import { maySeePatientData } from '../src/prescriptions/prescriptions.policy.js';
import { maskName } from '../src/prescriptions/prescription-records.js';
import { csvCell } from '../src/registers/registers.service.js';
import { listQuery } from './support/api-client.js';
import { createProduct } from './support/catalog-fixtures.js';
import { assertProblem, createStore, createUser, provisionTenant, type TestTenant } from './support/fixtures.js';
import { assertLedgerMatchesBalances, inDays, receive } from './support/inventory-fixtures.js';
import {
  approvedPrescription,
  createPrescription,
  AMOXIL_500,
  indianPharmacy,
  PATIENT,
  PRESCRIBER,
} from './support/prescription-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('prescriptions', () => {
  let app: TestApp;
  let india: TestTenant;
  let schema: string;
  let mumbai: string;
  let pune: string;
  let amox: string;
  let dolo: string;
  let pharmacist: { id: string; token: string };
  let punePharmacist: { id: string; token: string };
  let cashier: { id: string; token: string };
  let manager: { id: string; token: string };
  let auditor: { id: string; token: string };

  const as = (token: string) => ({ tenant: india.slug, token });
  const sell = (token: string, prescriptionId: string | undefined, lines: Array<{ productId: string; quantity: number }>) =>
    app.api.post('/api/v1/sales', { storeId: mumbai, prescriptionId, lines, payments: [{ method: 'cash', amount: 100_000 }] }, as(token));

  before(async () => {
    app = await startTestApp();
    ({ tenant: india, schema, mumbai, pune } = await indianPharmacy(app, 'rx-india'));
    pharmacist = await createUser(app, india, 'pharmacist@rx.test', ['pharmacist'], [mumbai]);
    punePharmacist = await createUser(app, india, 'pharmacist.pune@rx.test', ['pharmacist'], [pune]);
    cashier = await createUser(app, india, 'cashier@rx.test', ['cashier'], [mumbai]);
    manager = await createUser(app, india, 'manager@rx.test', ['store_manager'], [mumbai]);
    auditor = await createUser(app, india, 'auditor@rx.test', ['auditor']);
    amox = await createProduct(app, india, AMOXIL_500);
    dolo = await createProduct(app, india, {
      name: 'Dolo 650 Tablet',
      ingredients: [{ name: 'Paracetamol', strength: '650mg' }],
      packSize: 15,
      mrp: 3400,
    });
    await receive(app, india, mumbai, [
      { productId: amox, batchNo: 'AMX-1', expiry: inDays(300), quantity: 500, mrp: 8500 },
      { productId: dolo, batchNo: 'DL-1', expiry: inDays(300), quantity: 150, mrp: 3400 },
    ]);
  });
  afterEach(() => assertLedgerMatchesBalances(app, schema));
  after(() => app?.close());

  it('records a prescription as pending, with the patient sealed in the row and masked for cashiers and auditors', async () => {
    const rx = await createPrescription(
      app,
      india,
      {
        storeId: mumbai,
        items: [
          { productId: amox, quantity: 15 },
          { genericName: 'Paracetamol', quantity: 10 },
        ],
        repeats: 2,
      },
      cashier.token,
    );
    assert.equal(rx.status, 'pending_review');
    assert.equal(rx.storeId, mumbai);
    assert.equal(rx.issuedAt, inDays(-2));
    assert.deepEqual(rx.prescriber, PRESCRIBER);
    assert.deepEqual(rx.items, [
      { productId: amox, name: 'Amoxil 500 Capsule', quantity: 15 },
      { genericName: 'Paracetamol', quantity: 10 },
    ]);
    assert.deepEqual([rx.repeats, rx.dispensingsAllowed, rx.dispensed, rx.dispensingsLeft, rx.validUntil], [2, 3, 0, 0, null]);
    assert.equal(rx.createdBy, cashier.id);
    // The cashier who recorded it sees the patient masked, like the auditor; the pharmacist and manager see it all.
    assert.deepEqual(rx.patient, { name: 'A*** K***', masked: true });
    const audited = await app.api.get(`/api/v1/prescriptions/${rx.id}`, as(auditor.token));
    assert.deepEqual(audited.body.patient, { name: 'A*** K***', masked: true });
    for (const token of [pharmacist.token, manager.token, india.ownerToken]) {
      const res = await app.api.get(`/api/v1/prescriptions/${rx.id}`, as(token));
      assert.equal(res.status, 200);
      assert.deepEqual(res.body.patient, PATIENT);
    }
    const [raw] = await app.sql<Record<string, string>>(
      `select patient_name, patient_phone, patient_address from "${schema}".prescription where id = $1`,
      [rx.id],
    );
    for (const [column, value] of Object.entries(raw)) {
      assert.match(value, /^v1\./, `${column} is sealed`);
      for (const word of ['Asha', 'Kumari', '9812345678', 'Linking', 'Bandra']) assert.ok(!value.includes(word), `${column} leaks ${word}`);
    }
    // Sealed values are bound to their row and field: moved into another field they no longer open.
    await app.sql(`update "${schema}".prescription set patient_address = patient_name where id = $1`, [rx.id]);
    assertProblem(await app.api.get(`/api/v1/prescriptions/${rx.id}`, as(pharmacist.token)), 500);
    await app.sql(`update "${schema}".prescription set patient_address = $2 where id = $1`, [rx.id, raw.patient_address]);
    assert.deepEqual((await app.api.get(`/api/v1/prescriptions/${rx.id}`, as(pharmacist.token))).body.patient, PATIENT);
    const [log] = await app.sql<{ after: string }>(
      `select after::text from "${schema}".audit_log where action = 'prescription.created' and entity_id = $1`,
      [rx.id],
    );
    assert.ok(log && !log.after.includes('Asha'), 'the audit log holds no patient data');
  });

  it('lets only a pharmacist of the store approve, and sets the validity window and dispensings', async () => {
    const rx = await createPrescription(app, india, { storeId: mumbai, items: [{ productId: amox, quantity: 10 }], repeats: 1 });
    assertProblem(await app.api.post(`/api/v1/prescriptions/${rx.id}/approve`, {}, as(cashier.token)), 403);
    assertProblem(await app.api.post(`/api/v1/prescriptions/${rx.id}/approve`, {}, as(manager.token)), 403);
    assertProblem(await app.api.post(`/api/v1/prescriptions/${rx.id}/approve`, {}, as(india.ownerToken)), 403);
    assertProblem(await app.api.post(`/api/v1/prescriptions/${rx.id}/approve`, {}, as(punePharmacist.token)), 404);
    const approved = await app.api.post(`/api/v1/prescriptions/${rx.id}/approve`, {}, as(pharmacist.token));
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    assert.equal(approved.body.status, 'approved');
    assert.equal(approved.body.approvedBy, pharmacist.id);
    assert.equal(approved.body.validUntil, inDays(28), 'issued two days ago, valid 30 days');
    assert.deepEqual([approved.body.dispensingsAllowed, approved.body.dispensingsLeft], [2, 2]);
    assertProblem(await app.api.post(`/api/v1/prescriptions/${rx.id}/approve`, {}, as(pharmacist.token)), 409, 'prescription-reviewed');
    assertProblem(
      await app.api.post(`/api/v1/prescriptions/${rx.id}/reject`, { reason: 'changed my mind' }, as(pharmacist.token)),
      409,
      'prescription-reviewed',
    );
    const old = await createPrescription(app, india, {
      storeId: mumbai,
      items: [{ productId: amox, quantity: 10 }],
      issuedAt: inDays(-40),
    });
    assertProblem(await app.api.post(`/api/v1/prescriptions/${old.id}/approve`, {}, as(pharmacist.token)), 422, 'prescription-expired');
  });

  it('rejects with a reason, and a rejected prescription sells nothing', async () => {
    const rx = await createPrescription(app, india, { storeId: mumbai, items: [{ productId: amox, quantity: 10 }] });
    assertProblem(await app.api.post(`/api/v1/prescriptions/${rx.id}/reject`, {}, as(pharmacist.token)), 400, 'validation-error');
    assertProblem(await app.api.post(`/api/v1/prescriptions/${rx.id}/reject`, { reason: 'x' }, as(cashier.token)), 403);
    const rejected = await app.api.post(
      `/api/v1/prescriptions/${rx.id}/reject`,
      { reason: 'Prescriber registration number not found in the MMC register' },
      as(pharmacist.token),
    );
    assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
    assert.equal(rejected.body.status, 'rejected');
    assert.equal(rejected.body.rejectedBy, pharmacist.id);
    assert.equal(rejected.body.rejectionReason, 'Prescriber registration number not found in the MMC register');
    const sale = await sell(pharmacist.token, rx.id, [{ productId: amox, quantity: 10 }]);
    assertProblem(sale, 422, 'prescription-required');
    assert.equal(sale.body.reason, 'not-approved');
  });

  it('sells prescription-only lines against an approved prescription, one dispensing per sale, until none are left', async () => {
    const none = await sell(pharmacist.token, undefined, [{ productId: amox, quantity: 10 }]);
    assertProblem(none, 422, 'prescription-required');
    assert.match(none.body.detail, /Amoxil 500 Capsule \(Schedule H\) can only be sold against a valid prescription/);
    const pending = await createPrescription(app, india, { storeId: mumbai, items: [{ productId: amox, quantity: 10 }] });
    assert.equal((await sell(pharmacist.token, pending.id, [{ productId: amox, quantity: 10 }])).body.reason, 'not-approved');

    const rx = await approvedPrescription(app, india, pharmacist.token, {
      storeId: mumbai,
      items: [{ productId: amox, quantity: 10 }],
      repeats: 1,
    });
    const byCashier = await sell(cashier.token, rx.id, [{ productId: amox, quantity: 10 }]);
    assertProblem(byCashier, 422, 'pharmacist-required');
    const tooMuch = await sell(pharmacist.token, rx.id, [{ productId: amox, quantity: 11 }]);
    assertProblem(tooMuch, 422, 'prescription-required');
    assert.equal(tooMuch.body.reason, 'not-covered');
    assert.match(tooMuch.body.detail, /Amoxil 500 Capsule: 11 asked, the prescription allows 10 per dispensing/);

    const first = await sell(pharmacist.token, rx.id, [
      { productId: amox, quantity: 10 },
      { productId: dolo, quantity: 15 },
    ]);
    assert.equal(first.status, 201, JSON.stringify(first.body));
    assert.equal(first.body.prescriptionId, rx.id);
    let state = (await app.api.get(`/api/v1/prescriptions/${rx.id}`, as(pharmacist.token))).body;
    assert.deepEqual([state.dispensed, state.dispensingsLeft], [1, 1]);
    const second = await sell(pharmacist.token, rx.id, [{ productId: amox, quantity: 5 }]);
    assert.equal(second.status, 201, JSON.stringify(second.body));
    state = (await app.api.get(`/api/v1/prescriptions/${rx.id}`, as(pharmacist.token))).body;
    assert.deepEqual([state.dispensed, state.dispensingsLeft], [2, 0]);
    const third = await sell(pharmacist.token, rx.id, [{ productId: amox, quantity: 5 }]);
    assertProblem(third, 422, 'prescription-required');
    assert.equal(third.body.reason, 'no-repeats-left');
    const dispensings = await app.sql<{ sale_id: string; pharmacist_id: string }>(
      `select sale_id, pharmacist_id from "${schema}".prescription_dispensing where prescription_id = $1 order by dispensed_at`,
      [rx.id],
    );
    assert.deepEqual(
      dispensings.map((d) => [d.sale_id, d.pharmacist_id]),
      [
        [first.body.id, pharmacist.id],
        [second.body.id, pharmacist.id],
      ],
    );
    // A refused sale took no stock: 500 received, 15 sold.
    const stock = await app.api.get(`/api/v1/stock${listQuery({ filter: { productId: amox } })}`, as(india.ownerToken));
    assert.equal(stock.body[0].quantity, 485);
  });

  it('matches a generic name written on the prescription, whatever its case', async () => {
    const rx = await approvedPrescription(app, india, pharmacist.token, {
      storeId: mumbai,
      items: [{ genericName: 'AMOXICILLIN', quantity: 20 }],
    });
    const sale = await sell(pharmacist.token, rx.id, [{ productId: amox, quantity: 20 }]);
    assert.equal(sale.status, 201, JSON.stringify(sale.body));
    const wrong = await approvedPrescription(app, india, pharmacist.token, {
      storeId: mumbai,
      items: [{ genericName: 'Azithromycin', quantity: 20 }],
    });
    const refused = await sell(pharmacist.token, wrong.id, [{ productId: amox, quantity: 5 }]);
    assertProblem(refused, 422, 'prescription-required');
    assert.match(refused.body.detail, /Amoxil 500 Capsule is not on the prescription/);
  });

  it('refuses an expired prescription', async () => {
    const rx = await approvedPrescription(app, india, pharmacist.token, { storeId: mumbai, items: [{ productId: amox, quantity: 10 }] });
    await app.sql(`update "${schema}".prescription set valid_until = $2 where id = $1`, [rx.id, inDays(-1)]);
    const res = await sell(pharmacist.token, rx.id, [{ productId: amox, quantity: 10 }]);
    assertProblem(res, 422, 'prescription-required');
    assert.equal(res.body.reason, 'expired');
    assert.match(res.body.detail, new RegExp(`expired on ${inDays(-1)}`));
  });

  it('lets exactly one of two simultaneous sales take the last dispensing', async () => {
    const rx = await approvedPrescription(app, india, pharmacist.token, { storeId: mumbai, items: [{ productId: amox, quantity: 10 }] });
    const results = await Promise.all([1, 2].map(() => sell(pharmacist.token, rx.id, [{ productId: amox, quantity: 10 }])));
    assert.deepEqual(results.map((r) => r.status).sort(), [201, 422], JSON.stringify(results.map((r) => r.body)));
    assert.equal(results.find((r) => r.status === 422)!.body.reason, 'no-repeats-left');
    const [row] = await app.sql<{ dispensed: number }>(`select dispensed from "${schema}".prescription where id = $1`, [rx.id]);
    assert.equal(row.dispensed, 1);
    const [{ n }] = await app.sql<{ n: string }>(`select count(*) as n from "${schema}".sale where prescription_id = $1`, [rx.id]);
    assert.equal(n, '1');
    // The same sale retried at once with its Idempotency-Key is one sale, not a refusal for the dispensing it took.
    const again = await approvedPrescription(app, india, pharmacist.token, { storeId: mumbai, items: [{ productId: amox, quantity: 10 }] });
    const retried = await Promise.all(
      [1, 2].map(() =>
        app.api.post(
          '/api/v1/sales',
          {
            storeId: mumbai,
            prescriptionId: again.id,
            lines: [{ productId: amox, quantity: 10 }],
            payments: [{ method: 'cash', amount: 100_000 }],
          },
          { ...as(pharmacist.token), headers: { 'idempotency-key': `rx-retry-${again.id}` } },
        ),
      ),
    );
    assert.deepEqual(retried.map((r) => r.status).sort(), [200, 201], JSON.stringify(retried.map((r) => r.body)));
    assert.equal(retried[0].body.id, retried[1].body.id);
  });

  it('lists the prescriptions of the actor’s stores in the list dialect', async () => {
    await createPrescription(app, india, { storeId: pune, items: [{ productId: amox, quantity: 5 }] });
    const all = await app.api.get(`/api/v1/prescriptions${listQuery({ range: [0, 99] })}`, as(india.ownerToken));
    assert.equal(all.status, 200);
    assert.match(all.headers.get('content-range') ?? '', /^prescriptions 0-\d+\/\d+$/);
    assert.ok(all.body.some((p: any) => p.storeId === pune));
    const mine = await app.api.get(`/api/v1/prescriptions${listQuery({ range: [0, 99] })}`, as(punePharmacist.token));
    assert.ok(mine.body.length === 1 && mine.body[0].storeId === pune);
    assert.deepEqual(mine.body[0].patient, PATIENT);
    const approved = await app.api.get(
      `/api/v1/prescriptions${listQuery({ filter: { status: 'approved', storeId: mumbai }, sort: ['issuedAt', 'ASC'] })}`,
      as(cashier.token),
    );
    assert.ok(approved.body.length > 0 && approved.body.every((p: any) => p.status === 'approved' && p.patient.masked));
    assertProblem(await app.api.get(`/api/v1/prescriptions/${all.body.find((p: any) => p.storeId === pune).id}`, as(cashier.token)), 404);
    assertProblem(await app.api.get(`/api/v1/prescriptions${listQuery({ filter: { status: 'lost' } })}`, as(cashier.token)), 400);
  });

  it("keeps tenants apart: another chain's prescription is not found and does not sell", async () => {
    const other = await provisionTenant(app, 'rx-other');
    const otherStore = await createStore(app, other, 'OTH-1');
    const theirs = await createPrescription(app, other, { storeId: otherStore, items: [{ productId: amox, quantity: 5 }] }).catch(
      () => undefined,
    );
    assert.equal(theirs, undefined, 'a product of another tenant cannot be prescribed by id');
    const rx = await createPrescription(app, other, { storeId: otherStore, items: [{ genericName: 'Amoxycillin', quantity: 10 }] });
    const otherPharmacist = await createUser(app, other, 'pharmacist@rx-other.test', ['pharmacist'], [otherStore]);
    await app.api.post(`/api/v1/prescriptions/${rx.id}/approve`, {}, { tenant: other.slug, token: otherPharmacist.token });
    assertProblem(await app.api.get(`/api/v1/prescriptions/${rx.id}`, as(india.ownerToken)), 404);
    assertProblem(await app.api.post(`/api/v1/prescriptions/${rx.id}/approve`, {}, as(pharmacist.token)), 404);
    const sale = await sell(pharmacist.token, rx.id, [{ productId: amox, quantity: 10 }]);
    assertProblem(sale, 422, 'prescription-required');
    assert.equal(sale.body.reason, 'not-found');
  });

  it('answers bad input with 400 problem+json naming the fields', async () => {
    const post = (body: unknown) => app.api.post('/api/v1/prescriptions', body, as(pharmacist.token));
    const valid = {
      storeId: mumbai,
      patient: PATIENT,
      prescriber: PRESCRIBER,
      issuedAt: inDays(-1),
      items: [{ productId: amox, quantity: 5 }],
    };
    const cases: Array<[unknown, string]> = [
      [{ ...valid, patient: { ...PATIENT, name: '' } }, 'patient.name'],
      [{ ...valid, patient: { ...PATIENT, name: '<script>alert(1)</script>' } }, 'patient.name'],
      [{ ...valid, patient: { ...PATIENT, phone: 'call me' } }, 'patient.phone'],
      [{ ...valid, prescriber: { ...PRESCRIBER, registrationNo: undefined } }, 'prescriber.registrationNo'],
      [{ ...valid, issuedAt: '2026-02-30' }, 'issuedAt'],
      [{ ...valid, issuedAt: inDays(2) }, 'issuedAt'],
      [{ ...valid, items: [] }, 'items'],
      [{ ...valid, items: [{ productId: amox, genericName: 'Amoxycillin', quantity: 5 }] }, 'items.0.productId'],
      [{ ...valid, items: [{ quantity: 5 }] }, 'items.0.productId'],
      [{ ...valid, items: [{ productId: amox, quantity: 0 }] }, 'items.0.quantity'],
      [{ ...valid, items: [{ productId: '00000000-0000-4000-8000-000000000000', quantity: 5 }] }, 'items.0.productId'],
      [{ ...valid, repeats: -1 }, 'repeats'],
      [{ ...valid, storeId: 'mumbai' }, 'storeId'],
      [{ ...valid, doctorNotes: 'x' }, '(body)'],
    ];
    for (const [body, field] of cases) {
      const res = await post(body);
      assertProblem(res, 400);
      assert.ok(
        res.body.errors.some((e: any) => e.field === field),
        `${JSON.stringify(body).slice(0, 120)} → ${JSON.stringify(res.body.errors)}`,
      );
    }
    assertProblem(await app.api.post('/api/v1/prescriptions', undefined, { ...as(pharmacist.token), raw: '{"storeId":' }), 400);
    assertProblem(await app.api.get('/api/v1/prescriptions/not-a-uuid', as(pharmacist.token)), 400);
    assertProblem(await app.api.post(`/api/v1/prescriptions/${mumbai}/approve`, { force: true }, as(pharmacist.token)), 400);
  });
});

describe('prescription rules without a database', () => {
  const demand = (over: Partial<RxDemand> = {}): RxDemand => ({
    productId: 'p1',
    productName: 'Augmentin 625 Duo Tablet',
    genericName: 'Amoxycillin 500mg + Clavulanic Acid 125mg',
    ingredientNames: ['Amoxycillin', 'Clavulanic Acid'],
    quantity: 10,
    ...over,
  });

  it('matches generic names by the full generic or the exact set of ingredients, in any case and spelling', () => {
    assert.ok(genericMatches('amoxycillin 500MG + clavulanic acid 125mg', demand()));
    assert.ok(genericMatches('Clavulanic Acid + Amoxicillin', demand()));
    assert.ok(!genericMatches('Amoxycillin', demand()), 'a combination is not its first ingredient');
    assert.ok(genericMatches('amoxycillin', demand({ genericName: 'Amoxycillin 500mg', ingredientNames: ['Amoxycillin'] })));
  });

  it('covers each product from items naming it, by id first, and says what is missing', () => {
    const items = [
      { productId: 'p1', quantity: 6 },
      { genericName: 'Amoxycillin + Clavulanic Acid', quantity: 6 },
    ];
    assert.deepEqual(uncoveredDemand(items, [demand({ quantity: 12 })]), []);
    assert.deepEqual(uncoveredDemand(items, [demand({ quantity: 13 })]), [
      'Augmentin 625 Duo Tablet: 13 asked, the prescription allows 12 per dispensing',
    ]);
    assert.deepEqual(
      uncoveredDemand(items, [
        demand({ productId: 'p2', productName: 'Dolo 650', genericName: 'Paracetamol 650mg', ingredientNames: ['Paracetamol'] }),
      ]),
      ['Dolo 650 is not on the prescription'],
    );
  });

  it('masks names to initials and defuses spreadsheet formulas in CSV cells', () => {
    assert.equal(maskName('Asha  Kumari'), 'A*** K***');
    assert.equal(maskName('Ölçer'), 'Ö***');
    assert.equal(csvCell('=HYPERLINK("http://x")'), `"'=HYPERLINK(""http://x"")"`);
    assert.equal(csvCell('12, Linking Road'), '"12, Linking Road"');
    assert.equal(csvCell(null), '');
  });

  it('lets every role record and read prescriptions of its stores, only pharmacists review, cashiers never read registers', () => {
    const OWN = 'store-own';
    const OTHER = 'store-other';
    const checks: Array<[Action, 'Prescription' | 'Register', string]> = [
      ['create', 'Prescription', OWN],
      ['read', 'Prescription', OWN],
      ['read', 'Prescription', OTHER],
      ['update', 'Prescription', OWN],
      ['update', 'Prescription', OTHER],
      ['read', 'Register', OWN],
      ['read', 'Register', OTHER],
    ];
    const expected: Record<RoleName, string> = {
      owner: '1110011',
      admin: '1110011',
      store_manager: '1100010',
      pharmacist: '1101010',
      cashier: '1100000',
      auditor: '0110011',
    };
    for (const role of ROLES) {
      const ability = abilityFor({ id: 'u1', email: 'u1@x', name: 'U1', roles: [role], storeIds: [OWN] });
      const actual = checks
        .map(([action, subject, storeId]) => (ability.can(action, asSubject(subject, { storeId })) ? '1' : '0'))
        .join('');
      assert.equal(actual, expected[role], role);
      assert.equal(
        maySeePatientData({ id: 'u1', email: 'u1@x', name: 'U1', roles: [role], storeIds: [OWN] }),
        !['cashier', 'auditor'].includes(role),
      );
    }
  });
});
