import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { systemScope } from '../src/common/tenant-scope.js';
import { OutboxDispatcher } from '../src/outbox/outbox-dispatcher.js';
import { PrescriptionReviewService } from '../src/prescriptions/prescription-review.service.js';
import { TenantRegistry } from '../src/tenancy/tenant-registry.service.js';
import { smsRecorder } from './fixtures/plugins/sms-recorder-fixture.js';
import { ApiClient, listQuery } from './support/api-client.js';
import { startSiblingProcess } from './support/api-process.js';
import { createProduct } from './support/catalog-fixtures.js';
import { sampleFiles } from './support/file-fixtures.js';
import { assertProblem, createStore, createUser, login, provisionTenant, type TestTenant } from './support/fixtures.js';
import { inDays, receive } from './support/inventory-fixtures.js';
import {
  AMOXIL_500,
  createPrescription,
  indianPharmacy,
  PATIENT,
  postForm,
  PRESCRIBER,
  uploadPrescription,
} from './support/prescription-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const recorderPlugin = fileURLToPath(new URL('./fixtures/plugins/sms-recorder-fixture.js', import.meta.url));
const MAX_FILE_BYTES = 64 * 1024;

describe('prescription review', () => {
  let app: TestApp;
  let india: TestTenant;
  let schema: string;
  let mumbai: string;
  let pune: string;
  let amox: string;
  let addwize: string;
  let pharmacistA: { id: string; token: string };
  let pharmacistB: { id: string; token: string };
  let punePharmacist: { id: string; token: string };
  let unregistered: { id: string; token: string };
  let cashier: { id: string; token: string };
  let manager: { id: string; token: string };
  let auditor: { id: string; token: string };
  let phoneSeq = 0;

  const as = (user: { token: string }) => ({ tenant: india.slug, token: user.token });
  const post = (path: string, body: unknown, user: { token: string }) => app.api.post(`/api/v1/prescriptions/${path}`, body, as(user));
  /** A fresh patient phone per test, so each test counts only its own SMS. */
  const patient = () => ({ ...PATIENT, phone: `+9198${String(7100000 + ++phoneSeq).padStart(8, '0')}` });
  const jpeg = { bytes: sampleFiles.jpeg, type: 'image/jpeg', filename: 'rx.jpg' };

  async function tenantRef(t: TestTenant = india) {
    return (await app.platform.app.get(TenantRegistry).bySlug(t.slug))!;
  }
  async function systemScopeOf(t: TestTenant = india) {
    const ref = await tenantRef(t);
    return systemScope(ref, app.platform.orm.em.fork({ schema: ref.schemaName }), 'test');
  }
  async function deliver() {
    await app.platform.app.get(OutboxDispatcher).drain(await tenantRef(), { ignoreBackoff: true });
  }
  /** An uploaded scan for a fresh patient, transcribed enough to approve without more. */
  async function uploaded(
    items: Array<Record<string, unknown>> = [{ productId: amox, quantity: 10 }],
    extra: Record<string, unknown> = {},
  ) {
    const who = patient();
    const rx = await uploadPrescription(
      app,
      india,
      { storeId: mumbai, patient: who, prescriber: PRESCRIBER, issuedAt: inDays(-1), items, ...extra },
      jpeg,
      cashier.token,
    );
    return { rx, phone: who.phone };
  }
  const sell = (prescriptionId: string, lines: Array<{ productId: string; quantity: number }>) =>
    app.api.post(
      '/api/v1/sales',
      { storeId: mumbai, prescriptionId, lines, payments: [{ method: 'cash', amount: 500_000 }] },
      as(pharmacistA),
    );

  before(async () => {
    app = await startTestApp({ DAWA_PLUGIN_PATHS: recorderPlugin, DAWA_FILE_MAX_BYTES: String(MAX_FILE_BYTES) });
    ({ tenant: india, schema, mumbai, pune } = await indianPharmacy(app, 'review-in'));
    const enabled = await app.api.put(
      '/api/v1/plugins/sms-recorder-fixture',
      { enabled: true, config: {} },
      as({ token: india.ownerToken }),
    );
    assert.equal(enabled.status, 200, JSON.stringify(enabled.body));
    pharmacistA = await createUser(app, india, 'asha.pharmacist@review.test', ['pharmacist'], [mumbai]);
    pharmacistB = await createUser(app, india, 'bala.pharmacist@review.test', ['pharmacist'], [mumbai]);
    punePharmacist = await createUser(app, india, 'pune.pharmacist@review.test', ['pharmacist'], [pune]);
    cashier = await createUser(app, india, 'cashier@review.test', ['cashier'], [mumbai]);
    manager = await createUser(app, india, 'manager@review.test', ['store_manager'], [mumbai]);
    auditor = await createUser(app, india, 'auditor@review.test', ['auditor']);
    const created = await app.api.post(
      '/api/v1/users',
      {
        email: 'new.pharmacist@review.test',
        name: 'New Pharmacist',
        password: 'correct-horse-battery',
        roles: ['pharmacist'],
        storeIds: [mumbai],
      },
      as({ token: india.ownerToken }),
    );
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.registrationNumber, null);
    unregistered = { id: created.body.id, token: await login(app, india.slug, 'new.pharmacist@review.test', 'correct-horse-battery') };
    const managerPhone = await app.api.put(`/api/v1/users/${manager.id}`, { phone: '+919700000111' }, as({ token: india.ownerToken }));
    assert.equal(managerPhone.status, 200, JSON.stringify(managerPhone.body));
    amox = await createProduct(app, india, AMOXIL_500);
    // Methylphenidate is Schedule X in India: a controlled drug.
    addwize = await createProduct(app, india, {
      name: 'Addwize 10 Tablet',
      ingredients: [{ name: 'Methylphenidate', strength: '10mg' }],
      schedule: 'X',
      mrp: 4500,
    });
    await receive(app, india, mumbai, [
      { productId: amox, batchNo: 'AMX-R1', expiry: inDays(300), quantity: 500, mrp: 8500 },
      { productId: addwize, batchNo: 'ADW-R1', expiry: inDays(300), quantity: 100, mrp: 4500 },
    ]);
  });
  after(() => app?.close());

  describe('uploads and the queue', () => {
    it('stores the scan under the tenant, records the prescription pending review, and queues it oldest first', async () => {
      const who = patient();
      const first = await uploadPrescription(app, india, { storeId: mumbai, patient: who }, jpeg, cashier.token);
      assert.equal(first.status, 'pending_review');
      assert.equal(first.source, 'upload');
      assert.deepEqual(first.patient, { name: 'A*** K***', masked: true }, 'the cashier who uploaded sees the patient masked');
      assert.deepEqual([first.prescriber, first.issuedAt, first.items], [null, null, []], 'left for the pharmacist to transcribe');
      assert.equal(first.images.length, 1);
      assert.deepEqual([first.images[0].contentType, first.images[0].size], ['image/jpeg', sampleFiles.jpeg.length]);
      const [image] = await app.sql<{ storage_key: string }>(
        `select storage_key from "${schema}".prescription_image where prescription_id = $1`,
        [first.id],
      );
      assert.equal(image.storage_key, `prescriptions/${first.id}/${first.images[0].id}.jpg`);
      const [log] = await app.sql<{ after: string; actor_id: string }>(
        `select after::text, actor_id from "${schema}".audit_log where action = 'prescription.uploaded' and entity_id = $1`,
        [first.id],
      );
      assert.equal(log.actor_id, cashier.id);
      assert.ok(!log.after.includes('Asha') && !log.after.includes(who.phone.slice(3)), 'no patient data in the audit log');

      const second = await uploadPrescription(
        app,
        india,
        { storeId: mumbai, patient: patient() },
        { ...jpeg, bytes: sampleFiles.pdf, type: 'application/pdf' },
      );
      const typed = await uploadPrescription(
        app,
        india,
        {
          storeId: mumbai,
          patient: patient(),
          prescriber: PRESCRIBER,
          issuedAt: inDays(-1),
          items: [{ productId: amox, quantity: 10 }],
        },
        undefined,
      );
      assert.equal(typed.images.length, 0, 'a structured entry without a scan');
      await uploadPrescription(app, india, { storeId: pune, patient: patient() }, jpeg);

      const queue = await app.api.get(
        `/api/v1/prescriptions/queue?storeId=${mumbai}&${listQuery({ range: [0, 99] }).slice(1)}`,
        as(pharmacistA),
      );
      assert.equal(queue.status, 200, JSON.stringify(queue.body));
      assert.match(queue.headers.get('content-range') ?? '', /^prescriptions 0-\d+\/\d+$/);
      const ids = queue.body.map((p: any) => p.id);
      assert.ok(ids.indexOf(first.id) < ids.indexOf(second.id) && ids.indexOf(second.id) < ids.indexOf(typed.id), 'oldest first');
      assert.ok(
        queue.body.every(
          (p: any) => p.storeId === mumbai && ['pending_review', 'info_requested', 'awaiting_second_approval'].includes(p.status),
        ),
      );
      const row = queue.body.find((p: any) => p.id === first.id);
      assert.equal(row.claimedBy, null);
      assert.ok(Number.isInteger(row.waitingSeconds) && row.waitingSeconds >= 0);
      assert.deepEqual(row.patient, who, 'the pharmacist sees the patient');
      // A store's staff see only their stores' queues; tenant-wide roles see every store.
      assertProblem(await app.api.get(`/api/v1/prescriptions/queue?storeId=${pune}`, as(pharmacistA)), 403);
      const mine = await app.api.get('/api/v1/prescriptions/queue', as(punePharmacist));
      assert.ok(mine.body.length === 1 && mine.body[0].storeId === pune);
      const everywhere = await app.api.get(`/api/v1/prescriptions/queue${listQuery({ range: [0, 99] })}`, as({ token: india.ownerToken }));
      assert.ok(everywhere.body.some((p: any) => p.storeId === pune) && everywhere.body.some((p: any) => p.storeId === mumbai));
      assertProblem(await app.api.get('/api/v1/prescriptions/queue?storeId=mumbai', as(pharmacistA)), 400);
      assertProblem(await app.api.get(`/api/v1/prescriptions/queue${listQuery({ filter: { status: 'approved' } })}`, as(pharmacistA)), 400);
    });

    it('refuses bad uploads with 4xx problem+json and records nothing', async () => {
      const count = async () => (await app.sql<{ n: string }>(`select count(*) as n from "${schema}".prescription`))[0].n;
      const before = await count();
      const form = (metadata: unknown, scan: Parameters<typeof postForm>[3]) =>
        postForm(app, '/api/v1/prescriptions/uploads', metadata, scan, as(cashier));
      const valid = { storeId: mumbai, patient: patient() };
      const html = { bytes: new TextEncoder().encode('<html><script>alert(1)</script></html>'), type: 'image/jpeg' };
      assertProblem(await form(valid, html), 415, 'unsupported-file-type');
      assertProblem(await form(valid, { bytes: sampleFiles.png, type: 'image/jpeg' }), 415, 'file-type-mismatch');
      const big = new Uint8Array(MAX_FILE_BYTES + 1);
      big.set(sampleFiles.jpeg);
      assertProblem(await form(valid, { bytes: big, type: 'image/jpeg' }), 413, 'file-too-large');
      assertProblem(await form(valid, { bytes: new Uint8Array(MAX_FILE_BYTES * 3), type: 'image/jpeg' }), 413);
      assertProblem(await form(valid, { bytes: new Uint8Array(), type: 'image/jpeg' }), 400);
      const noMetadata = await form(undefined, jpeg);
      assertProblem(noMetadata, 400, 'validation-error');
      assert.ok(noMetadata.body.errors.some((e: any) => e.field === 'storeId'));
      const badField = await form({ ...valid, patient: { name: '' } }, jpeg);
      assert.ok(badField.body.errors.some((e: any) => e.field === 'patient.name'));
      assertProblem(await form({ ...valid, storeId: pune }, jpeg), 403);
      const raw = await fetch(`${app.url}/api/v1/prescriptions/uploads`, {
        method: 'POST',
        headers: { 'x-tenant': india.slug, authorization: `Bearer ${cashier.token}`, 'content-type': 'multipart/form-data; boundary=xyz' },
        body: '--xyz\r\nContent-Disposition: form-data; name="metadata"\r\n\r\n{"storeId":',
      });
      assert.equal(raw.status, 400);
      const extra = new FormData();
      extra.append('metadata', JSON.stringify(valid));
      extra.append('notes', 'x');
      const unknownPart = await fetch(`${app.url}/api/v1/prescriptions/uploads`, {
        method: 'POST',
        headers: { 'x-tenant': india.slug, authorization: `Bearer ${cashier.token}` },
        body: extra,
      });
      assert.equal(unknownPart.status, 400);
      // Multipart is taken on the upload routes only.
      const elsewhere = await fetch(`${app.url}/api/v1/prescriptions`, {
        method: 'POST',
        headers: { 'x-tenant': india.slug, authorization: `Bearer ${cashier.token}` },
        body: extra,
      });
      assert.equal(elsewhere.status, 415);
      assert.equal(await count(), before, 'no prescription recorded by a refused upload');
      const [{ n }] = await app.sql<{ n: string }>(`select count(*) as n from "${schema}".prescription_image`);
      const [{ m }] = await app.sql<{ m: string }>(`select count(*) as m from "${schema}".prescription where source = 'upload'`);
      assert.ok(Number(n) <= Number(m), 'no image rows without their prescription');
    });
  });

  describe('claims', () => {
    it('lets one pharmacist of the store hold a prescription at a time', async () => {
      const { rx } = await uploaded();
      const claimed = await post(`${rx.id}/claim`, {}, pharmacistA);
      assert.equal(claimed.status, 200, JSON.stringify(claimed.body));
      assert.equal(claimed.body.claimedBy.id, pharmacistA.id);
      assert.equal(claimed.body.claimedBy.name, 'asha.pharmacist');
      assert.equal((await post(`${rx.id}/claim`, {}, pharmacistA)).status, 200, 'claiming again is harmless');
      const taken = await post(`${rx.id}/claim`, {}, pharmacistB);
      assertProblem(taken, 409, 'prescription-claimed');
      assert.equal(taken.body.claimedBy.id, pharmacistA.id);
      assertProblem(await post(`${rx.id}/approve`, {}, pharmacistB), 409, 'prescription-claimed');
      assertProblem(await post(`${rx.id}/reject`, { reason: 'no' }, pharmacistB), 409, 'prescription-claimed');
      assertProblem(await post(`${rx.id}/claim`, {}, cashier), 403, 'pharmacist-required');
      assertProblem(await post(`${rx.id}/claim`, {}, manager), 403, 'pharmacist-required');
      assertProblem(await post(`${rx.id}/claim`, {}, punePharmacist), 404);
      assertProblem(await post(`${rx.id}/release`, {}, pharmacistB), 403);
      const queue = await app.api.get(
        `/api/v1/prescriptions/queue${listQuery({ filter: { claimedBy: pharmacistA.id } })}`,
        as(pharmacistB),
      );
      assert.deepEqual(
        queue.body.map((p: any) => p.id),
        [rx.id],
      );
      // A manager frees a claim left behind; then anyone of the store's pharmacists can take it.
      const released = await post(`${rx.id}/release`, {}, manager);
      assert.equal(released.status, 200, JSON.stringify(released.body));
      assert.equal(released.body.claimedBy, null);
      assert.equal((await post(`${rx.id}/claim`, {}, pharmacistB)).body.claimedBy.id, pharmacistB.id);
      assert.equal((await post(`${rx.id}/release`, {}, pharmacistB)).status, 200, 'the claimer releases their own');
      const actions = await app.sql<{ action: string; actor_id: string }>(
        `select action, actor_id from "${schema}".audit_log where entity_id = $1 and action in ('prescription.claimed', 'prescription.released') order by id`,
        [rx.id],
      );
      assert.deepEqual(
        actions.map((a) => [a.action, a.actor_id]),
        [
          ['prescription.claimed', pharmacistA.id],
          ['prescription.released', manager.id],
          ['prescription.claimed', pharmacistB.id],
          ['prescription.released', pharmacistB.id],
        ],
      );
    });

    it('gives a prescription to exactly one of two pharmacists claiming it at once', async () => {
      for (let round = 0; round < 3; round++) {
        const { rx } = await uploaded();
        const results = await Promise.all([pharmacistA, pharmacistB].map((p) => post(`${rx.id}/claim`, {}, p)));
        assert.deepEqual(results.map((r) => r.status).sort(), [200, 409], JSON.stringify(results.map((r) => r.body)));
        const winner = results.find((r) => r.status === 200)!.body.claimedBy.id;
        assert.equal((await app.api.get(`/api/v1/prescriptions/${rx.id}`, as(pharmacistA))).body.claimedBy.id, winner);
      }
    });

    it('lets exactly one of two pharmacists on two API processes claim, and decide, each prescription', async () => {
      const sibling = await startSiblingProcess(app);
      try {
        const clients = [app.api, new ApiClient(sibling.url)];
        const rxs = await Promise.all([1, 2, 3, 4, 5].map(() => uploaded().then((u) => u.rx)));
        const claims = await Promise.all(
          rxs.flatMap((rx) => [pharmacistA, pharmacistB].map((p, i) => clients[i].post(`/api/v1/prescriptions/${rx.id}/claim`, {}, as(p)))),
        );
        for (let i = 0; i < rxs.length; i++)
          assert.deepEqual(
            [claims[2 * i].status, claims[2 * i + 1].status].sort(),
            [200, 409],
            JSON.stringify([claims[2 * i].body, claims[2 * i + 1].body]),
          );
        // Both release-and-approve at once on the other process: one decision per prescription, one SMS.
        await Promise.all(rxs.map((rx) => post(`${rx.id}/release`, {}, manager)));
        const decisions = await Promise.all(
          rxs.flatMap((rx) =>
            [pharmacistA, pharmacistB].map((p, i) =>
              clients[1 - i].post(`/api/v1/prescriptions/${rx.id}/${i ? 'reject' : 'approve'}`, i ? { reason: 'Duplicate' } : {}, as(p)),
            ),
          ),
        );
        for (let i = 0; i < rxs.length; i++) {
          const pair = [decisions[2 * i], decisions[2 * i + 1]];
          assert.deepEqual(pair.map((d) => d.status).sort(), [200, 409], JSON.stringify(pair.map((d) => d.body)));
        }
        const decided = await app.sql<{ n: string }>(
          `select count(*) as n from "${schema}".audit_log where action in ('prescription.approved', 'prescription.rejected') and entity_id = any($1)`,
          [rxs.map((rx) => rx.id)],
        );
        assert.equal(decided[0].n, String(rxs.length));
      } finally {
        await sibling.stop();
      }
    });
  });

  describe('decisions', () => {
    it('approves a transcribed scan with the pharmacist’s registration number, and tells the patient once', async () => {
      const who = patient();
      const rx = await uploadPrescription(app, india, { storeId: mumbai, patient: who }, jpeg, cashier.token);
      const incomplete = await post(`${rx.id}/approve`, {}, pharmacistA);
      assertProblem(incomplete, 422, 'prescription-incomplete');
      assert.deepEqual(
        incomplete.body.errors.map((e: any) => e.field),
        ['items', 'prescriber', 'issuedAt'],
      );
      assertProblem(await post(`${rx.id}/approve`, { items: [{ productId: amox, quantity: 0 }] }, pharmacistA), 400, 'validation-error');
      const transcription = {
        items: [{ productId: amox, quantity: 15 }],
        prescriber: PRESCRIBER,
        issuedAt: inDays(-3),
        repeats: 1,
        validUntil: inDays(20),
        notes: 'Checked with the clinic by phone',
      };
      assertProblem(await post(`${rx.id}/approve`, transcription, unregistered), 422, 'registration-number-required');
      // An admin records it on the account (as the council wrote it); then that pharmacist may approve.
      const owner = { tenant: india.slug, token: india.ownerToken };
      const badNumber = await app.api.put(`/api/v1/users/${unregistered.id}`, { registrationNumber: '<b>1</b>' }, owner);
      assertProblem(badNumber, 400, 'validation-error');
      assert.equal(badNumber.body.errors[0].field, 'registrationNumber');
      const registered = await app.api.put(`/api/v1/users/${unregistered.id}`, { registrationNumber: 'MH-PHARM-2014-123456' }, owner);
      assert.equal(registered.body.registrationNumber, 'MH-PHARM-2014-123456');
      const { items, prescriber, issuedAt } = transcription;
      const other = await uploadPrescription(app, india, { storeId: mumbai, patient: patient(), items, prescriber, issuedAt }, undefined);
      const byNewcomer = await post(`${other.id}/approve`, {}, unregistered);
      assert.equal(byNewcomer.body.approverRegistrationNo, 'MH-PHARM-2014-123456');
      assertProblem(await post(`${rx.id}/approve`, { ...transcription, validUntil: inDays(40) }, pharmacistA), 400, 'validation-error');
      const approved = await post(`${rx.id}/approve`, transcription, pharmacistA);
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
      assert.equal(approved.body.status, 'approved');
      assert.deepEqual(approved.body.items, [{ productId: amox, name: 'Amoxil 500 Capsule', quantity: 15 }]);
      assert.deepEqual(
        [approved.body.approvedBy, approved.body.approverRegistrationNo, approved.body.validUntil, approved.body.dispensingsLeft],
        [pharmacistA.id, 'REG-asha.pharmacist', inDays(20), 2],
      );
      assert.equal(approved.body.reviewNotes, 'Checked with the clinic by phone');
      assert.deepEqual(approved.body.prescriber, PRESCRIBER);
      assertProblem(await post(`${rx.id}/approve`, {}, pharmacistA), 409, 'prescription-reviewed');
      assertProblem(await post(`${rx.id}/claim`, {}, pharmacistB), 409, 'prescription-reviewed');
      await deliver();
      await deliver();
      assert.deepEqual(
        smsRecorder.to(who.phone).map((m) => m.body),
        [`Chain review-in Store MUM-1: your prescription has been checked by our pharmacist and is valid until ${inDays(20)}.`],
      );
      const [log] = await app.sql<{ after: any }>(
        `select after from "${schema}".audit_log where action = 'prescription.approved' and entity_id = $1`,
        [rx.id],
      );
      assert.equal(log.after.registrationNo, 'REG-asha.pharmacist');
    });

    it('rejects with a reason (the original endpoints still work) and tells the patient', async () => {
      const { rx, phone } = await uploaded();
      assertProblem(await post(`${rx.id}/reject`, {}, pharmacistA), 400, 'validation-error');
      const rejected = await post(`${rx.id}/reject`, { reason: 'Prescriber signature missing' }, pharmacistA);
      assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
      assert.deepEqual(
        [rejected.body.status, rejected.body.rejectedBy, rejected.body.rejecterRegistrationNo, rejected.body.rejectionReason],
        ['rejected', pharmacistA.id, 'REG-asha.pharmacist', 'Prescriber signature missing'],
      );
      await deliver();
      assert.deepEqual(
        smsRecorder.to(phone).map((m) => m.body),
        [
          'Chain review-in Store MUM-1: our pharmacist could not accept your prescription (Prescriber signature missing). Please contact the store.',
        ],
      );
      assertProblem(await post(`${rx.id}/request-info`, { message: 'Which dose?' }, pharmacistA), 409, 'prescription-reviewed');
    });

    it('asks the customer for more, waits for the answer (a note and another scan), then decides', async () => {
      const { rx, phone } = await uploaded();
      assertProblem(await post(`${rx.id}/request-info`, {}, pharmacistA), 400, 'validation-error');
      assertProblem(await post(`${rx.id}/request-info`, { message: 'x' }, cashier), 403, 'pharmacist-required');
      const asked = await post(`${rx.id}/request-info`, { message: 'Please send the second page of the prescription.' }, pharmacistA);
      assert.equal(asked.status, 200, JSON.stringify(asked.body));
      assert.equal(asked.body.status, 'info_requested');
      assert.equal(asked.body.claimedBy.id, pharmacistA.id, 'the pharmacist who asked keeps it');
      assert.equal(asked.body.infoRequest.message, 'Please send the second page of the prescription.');
      await deliver();
      assert.deepEqual(
        smsRecorder.to(phone).map((m) => m.body),
        [
          'Chain review-in Store MUM-1: our pharmacist needs more about your prescription: Please send the second page of the prescription.',
        ],
      );
      const queued = await app.api.get(
        `/api/v1/prescriptions/queue${listQuery({ filter: { status: 'info_requested', storeId: mumbai } })}`,
        as(pharmacistB),
      );
      assert.ok(queued.body.some((p: any) => p.id === rx.id));

      const path = `/api/v1/prescriptions/${rx.id}/info-provided`;
      assertProblem(await app.api.post(path, {}, as(cashier)), 400, 'validation-error');
      assertProblem(await postForm(app, path, { note: 'page 2' }, { bytes: sampleFiles.png, type: 'application/pdf' }, as(cashier)), 415);
      assertProblem(await app.api.post(path, { note: 'page 2' }, as(punePharmacist)), 404);
      const answered = await postForm(
        app,
        path,
        { note: 'Customer brought page 2' },
        { bytes: sampleFiles.png, type: 'image/png' },
        as(cashier),
      );
      assert.equal(answered.status, 200, JSON.stringify(answered.body));
      assert.equal(answered.body.status, 'pending_review');
      assert.equal(answered.body.claimedBy.id, pharmacistA.id);
      assert.equal(answered.body.infoRequest.response, 'Customer brought page 2');
      assert.deepEqual(
        answered.body.images.map((i: any) => i.contentType),
        ['image/jpeg', 'image/png'],
      );
      assertProblem(await app.api.post(path, { note: 'again' }, as(cashier)), 409, 'no-info-requested');
      const approved = await post(`${rx.id}/approve`, {}, pharmacistA);
      assert.equal(approved.status, 200, JSON.stringify(approved.body));
      await deliver();
      assert.equal(smsRecorder.to(phone).length, 2, 'the question, then the decision');
    });

    it('needs a second, different pharmacist to approve a controlled drug', async () => {
      const { rx, phone } = await uploaded([{ productId: addwize, quantity: 30 }]);
      const first = await post(`${rx.id}/approve`, { notes: 'ADHD, known patient' }, pharmacistA);
      assert.equal(first.status, 200, JSON.stringify(first.body));
      assert.deepEqual(
        [
          first.body.status,
          first.body.needsSecondApproval,
          first.body.firstApprovedBy,
          first.body.firstApproverRegistrationNo,
          first.body.claimedBy,
        ],
        ['awaiting_second_approval', true, pharmacistA.id, 'REG-asha.pharmacist', null],
      );
      const early = await sell(rx.id, [{ productId: addwize, quantity: 30 }]);
      assertProblem(early, 422, 'prescription-required');
      assert.match(early.body.detail, /waits for a second pharmacist/);
      assertProblem(await post(`${rx.id}/approve`, {}, pharmacistA), 403, 'second-pharmacist-required');
      assertProblem(await post(`${rx.id}/claim`, {}, pharmacistA), 403, 'second-pharmacist-required');
      assertProblem(await post(`${rx.id}/approve`, { repeats: 2 }, pharmacistB), 422, 'second-approval-confirms');
      await deliver();
      assert.equal(smsRecorder.to(phone).length, 0, 'not valid yet: the patient is not told');
      const second = await post(`${rx.id}/approve`, { notes: 'Second check done' }, pharmacistB);
      assert.equal(second.status, 200, JSON.stringify(second.body));
      assert.deepEqual(
        [second.body.status, second.body.approvedBy, second.body.approverRegistrationNo, second.body.firstApprovedBy],
        ['approved', pharmacistB.id, 'REG-bala.pharmacist', pharmacistA.id],
      );
      assert.equal(second.body.reviewNotes, 'ADHD, known patient\nSecond check done');
      await deliver();
      assert.equal(smsRecorder.to(phone).length, 1);
      const sale = await sell(rx.id, [{ productId: addwize, quantity: 30 }]);
      assert.equal(sale.status, 201, JSON.stringify(sale.body));

      // A generic name that the counter would match to a Schedule X product is controlled too.
      const generic = (await uploaded([{ genericName: 'methylphenidate', quantity: 10 }])).rx;
      assert.equal((await post(`${generic.id}/approve`, {}, pharmacistB)).body.status, 'awaiting_second_approval');
      // The second signer may also refuse it.
      const refused = await post(`${generic.id}/reject`, { reason: 'Dose too high for a first prescription' }, pharmacistA);
      assert.equal(refused.body.status, 'rejected');
      // And the database itself refuses one pharmacist signing twice.
      const third = (await uploaded([{ productId: addwize, quantity: 10 }])).rx;
      await post(`${third.id}/approve`, {}, pharmacistA);
      await assert.rejects(
        app.sql(
          `update "${schema}".prescription set status = 'approved', approved_by = first_approved_by, approved_at = now() where id = $1`,
          [third.id],
        ),
        /prescription_two_signers/,
      );
    });

    it('lets a sale consume one dispensing at a time and refuses it when none are left', async () => {
      const { rx } = await uploaded([{ productId: amox, quantity: 10 }]);
      const approved = await post(`${rx.id}/approve`, { repeats: 1 }, pharmacistA);
      assert.deepEqual([approved.body.dispensingsAllowed, approved.body.dispensingsLeft], [2, 2]);
      for (const left of [1, 0]) {
        const sale = await sell(rx.id, [{ productId: amox, quantity: 10 }]);
        assert.equal(sale.status, 201, JSON.stringify(sale.body));
        assert.equal((await app.api.get(`/api/v1/prescriptions/${rx.id}`, as(pharmacistA))).body.dispensingsLeft, left);
      }
      const refused = await sell(rx.id, [{ productId: amox, quantity: 10 }]);
      assertProblem(refused, 422, 'prescription-required');
      assert.equal(refused.body.reason, 'no-repeats-left');
    });
  });

  describe('images', () => {
    it('hands out a short-lived link to the scan, audits every look, and only to those who may see patient data', async () => {
      const { rx } = await uploaded();
      const res = await app.api.get(`/api/v1/prescriptions/${rx.id}/image`, as(pharmacistA));
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.equal(res.body.contentType, 'image/jpeg');
      assert.ok(new Date(res.body.expiresAt).getTime() - Date.now() <= 300_000);
      const file = await fetch(res.body.url);
      assert.equal(file.status, 200);
      assert.equal(file.headers.get('content-type'), 'image/jpeg');
      assert.deepEqual(new Uint8Array(await file.arrayBuffer()), sampleFiles.jpeg);
      await app.api.get(`/api/v1/prescriptions/${rx.id}/image?imageId=${rx.images[0].id}`, as(manager));
      const looks = await app.sql<{ actor_id: string; occurred_at: Date; after: any }>(
        `select actor_id, occurred_at, after from "${schema}".audit_log where action = 'prescription.image-viewed' and entity_id = $1 order by id`,
        [rx.id],
      );
      assert.deepEqual(
        looks.map((l) => [l.actor_id, l.after.imageId]),
        [
          [pharmacistA.id, rx.images[0].id],
          [manager.id, rx.images[0].id],
        ],
      );
      assert.ok(looks.every((l) => l.occurred_at instanceof Date));
      assertProblem(await app.api.get(`/api/v1/prescriptions/${rx.id}/image`, as(cashier)), 403, 'patient-data-required');
      assertProblem(await app.api.get(`/api/v1/prescriptions/${rx.id}/image`, as(auditor)), 403);
      assertProblem(await app.api.get(`/api/v1/prescriptions/${rx.id}/image`, as(punePharmacist)), 404);
      assertProblem(await app.api.get(`/api/v1/prescriptions/${rx.id}/image?imageId=${rx.id}`, as(pharmacistA)), 404);
      const typed = await createPrescription(app, india, { storeId: mumbai, items: [{ productId: amox, quantity: 5 }] });
      assertProblem(await app.api.get(`/api/v1/prescriptions/${typed.id}/image`, as(pharmacistA)), 404);
      const [{ n }] = await app.sql<{ n: string }>(
        `select count(*) as n from "${schema}".audit_log where action = 'prescription.image-viewed' and entity_id = $1`,
        [rx.id],
      );
      assert.equal(n, '2', 'refused looks hand out nothing and are not logged as looks');
    });

    it("keeps tenants apart: another chain cannot reach a scan, its queue or its review, and a link opens only its own tenant's file", async () => {
      const other = await provisionTenant(app, 'review-other');
      const otherStore = await createStore(app, other, 'OTH-1');
      const otherPharmacist = await createUser(app, other, 'pharmacist@review-other.test', ['pharmacist'], [otherStore]);
      const theirs = await uploadPrescription(app, other, { storeId: otherStore }, { bytes: sampleFiles.png, type: 'image/png' });
      const { rx: ours } = await uploaded();
      const asOther = { tenant: other.slug, token: other.ownerToken };
      for (const path of [`${ours.id}`, `${ours.id}/image`])
        assertProblem(await app.api.get(`/api/v1/prescriptions/${path}`, asOther), 404);
      for (const step of ['claim', 'approve', 'release'])
        assertProblem(
          await app.api.post(`/api/v1/prescriptions/${ours.id}/${step}`, {}, { tenant: other.slug, token: otherPharmacist.token }),
          404,
        );
      assertProblem(await app.api.post(`/api/v1/prescriptions/${ours.id}/info-provided`, { note: 'x' }, asOther), 404);
      const queue = await app.api.get(`/api/v1/prescriptions/queue${listQuery({ range: [0, 99] })}`, asOther);
      assert.deepEqual(
        queue.body.map((p: any) => p.id),
        [theirs.id],
      );
      assertProblem(await app.api.get(`/api/v1/prescriptions/${theirs.id}/image`, as({ token: india.ownerToken })), 404);
      // Their link opens their file; rewritten to name our tenant (or our file), it is a forgery.
      const link = (await app.api.get(`/api/v1/prescriptions/${theirs.id}/image`, asOther)).body.url as string;
      assert.deepEqual(new Uint8Array(await (await fetch(link)).arrayBuffer()), sampleFiles.png);
      const [base, token] = [link.slice(0, link.lastIndexOf('/') + 1), link.slice(link.lastIndexOf('/') + 1)];
      const [payload, mac] = token.split('.');
      const grant = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      const [ourImage] = await app.sql<{ storage_key: string }>(
        `select storage_key from "${schema}".prescription_image where prescription_id = $1`,
        [ours.id],
      );
      const ourTenant = await tenantRef();
      for (const forged of [
        { ...grant, tenantId: ourTenant.id },
        { ...grant, tenantId: ourTenant.id, key: ourImage.storage_key },
        { ...grant, key: ourImage.storage_key },
      ]) {
        const res = await fetch(`${base}${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${mac}`);
        assert.equal(res.status, 403);
      }
      // Read through the key the other tenant's link names, our tenant's file space does not even hold it.
      const ourLink = (await app.api.get(`/api/v1/prescriptions/${ours.id}/image`, as(pharmacistA))).body.url as string;
      assert.deepEqual(new Uint8Array(await (await fetch(ourLink)).arrayBuffer()), sampleFiles.jpeg);
    });
  });

  describe('SLA operations (what the review workflow’s timers call)', () => {
    it('escalates an unclaimed prescription to the store’s managers once, and not one a pharmacist holds', async () => {
      const review = app.platform.app.get(PrescriptionReviewService);
      const { rx } = await uploaded();
      const before = smsRecorder.to('+919700000111').length;
      assert.deepEqual(await review.escalateUnclaimed(await systemScopeOf(), rx.id), { changed: true, status: 'pending_review' });
      assert.deepEqual(await review.escalateUnclaimed(await systemScopeOf(), rx.id), { changed: false, status: 'pending_review' });
      await Promise.all([1, 2, 3].map(async () => review.escalateUnclaimed(await systemScopeOf(), rx.id)));
      await deliver();
      await deliver();
      const sent = smsRecorder.to('+919700000111').slice(before);
      assert.equal(sent.length, 1, 'the manager hears once');
      assert.match(sent[0].body, new RegExp(`^Store MUM-1: prescription ${rx.id.slice(0, 8)} has waited \\d+ min without a pharmacist`));
      assert.ok((await app.api.get(`/api/v1/prescriptions/${rx.id}`, as(pharmacistA))).body.escalatedAt);
      const held = (await uploaded()).rx;
      await post(`${held.id}/claim`, {}, pharmacistA);
      assert.deepEqual(await review.escalateUnclaimed(await systemScopeOf(), held.id), { changed: false, status: 'pending_review' });
      await assert.rejects(review.escalateUnclaimed(await systemScopeOf(), '00000000-0000-4000-8000-000000000000'), /not found/);
    });

    it('expires an undecided review once, tells the patient once, and never undoes a decision', async () => {
      const review = app.platform.app.get(PrescriptionReviewService);
      const { rx, phone } = await uploaded();
      await post(`${rx.id}/claim`, {}, pharmacistA);
      const results = await Promise.all([1, 2, 3].map(async () => review.expire(await systemScopeOf(), rx.id)));
      assert.deepEqual(results.map((r) => r.changed).sort(), [false, false, true]);
      assert.deepEqual(await review.expire(await systemScopeOf(), rx.id), { changed: false, status: 'expired' });
      const expired = (await app.api.get(`/api/v1/prescriptions/${rx.id}`, as(pharmacistA))).body;
      assert.deepEqual([expired.status, expired.claimedBy], ['expired', null]);
      assert.ok(expired.expiredAt);
      assertProblem(await post(`${rx.id}/approve`, {}, pharmacistA), 409, 'prescription-reviewed');
      await deliver();
      await deliver();
      assert.deepEqual(
        smsRecorder.to(phone).map((m) => m.body),
        [
          'Chain review-in Store MUM-1: we could not review your prescription in time. Please bring or send it again, or contact the store.',
        ],
      );
      const { rx: decided } = await uploaded();
      await post(`${decided.id}/approve`, {}, pharmacistA);
      assert.deepEqual(await review.expire(await systemScopeOf(), decided.id), { changed: false, status: 'approved' });
      assert.deepEqual(await review.escalateUnclaimed(await systemScopeOf(), decided.id), { changed: false, status: 'approved' });
      const [{ n }] = await app.sql<{ n: string }>(
        `select count(*) as n from "${schema}".audit_log where action = 'prescription.expired' and entity_id = $1`,
        [rx.id],
      );
      assert.equal(n, '1');
    });

    it('lets a timer racing a decision either find it made or expire first, and the patient hears one outcome', async () => {
      const review = app.platform.app.get(PrescriptionReviewService);
      for (let round = 0; round < 4; round++) {
        const { rx, phone } = await uploaded();
        const [decided, expired] = await Promise.all([
          post(`${rx.id}/approve`, {}, pharmacistA),
          systemScopeOf().then((scope) => review.expire(scope, rx.id)),
        ]);
        const final = (await app.api.get(`/api/v1/prescriptions/${rx.id}`, as(pharmacistA))).body.status;
        if (decided.status === 200) assert.deepEqual([expired.changed, expired.status, final], [false, 'approved', 'approved']);
        else {
          assertProblem(decided, 409, 'prescription-reviewed');
          assert.deepEqual([expired.changed, final], [true, 'expired']);
        }
        await deliver();
        assert.equal(smsRecorder.to(phone).length, 1, `round ${round}: one SMS for one outcome`);
      }
    });
  });
});
