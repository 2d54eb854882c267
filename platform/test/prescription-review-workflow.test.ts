import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { reviewStateQuery, reviewStepSignal } from '@dawa/workflows';
import { smsRecorder } from './fixtures/plugins/sms-recorder-fixture.js';
import { startWorkerProcess } from './support/api-process.js';
import { assertProblem, createStore, provisionTenant } from './support/fixtures.js';
import { MANAGER_PHONE, MINUTE_MS, recorderPlugin, reviewChain, reviewDriver, startOfflineTwin, until } from './support/review-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('the prescription review workflow (real Temporal server)', () => {
  let app: TestApp;
  let chain: Awaited<ReturnType<typeof reviewChain>>;
  const { as, post, stateOf, completed, settings, upload, deliver, scopeOf, workflows, workflowId } = reviewDriver(
    () => app,
    () => chain,
  );

  before(async () => {
    app = await startTestApp({ DAWA_PLUGIN_PATHS: recorderPlugin, DAWA_SLA_MINUTE_MS: String(MINUTE_MS) });
    chain = await reviewChain(app, 'review-wf');
  });
  after(() => app?.close());

  it('starts with the upload, follows the claim, and ends with the decision', async () => {
    await settings(50, 10);
    const { rx, phone } = await upload();
    const queued = await until('the workflow to start', () => stateOf(rx.id));
    assert.deepEqual(queued, {
      status: 'pending_review',
      claimedBy: null,
      waitingFor: 'pharmacist',
      escalated: false,
      escalations: 0,
      version: 0,
    });
    await post(`${rx.id}/claim`, {}, chain.pharmacistA);
    await until('the claim to reach the workflow', async () =>
      (await stateOf(rx.id)).claimedBy === chain.pharmacistA.id ? true : undefined,
    );
    assert.equal((await post(`${rx.id}/approve`, {}, chain.pharmacistA)).status, 200);
    assert.deepEqual(await completed(rx.id), {
      status: 'approved',
      claimedBy: null,
      waitingFor: 'done',
      escalated: false,
      escalations: 0,
      version: 2,
      decidedBy: 'pharmacist',
    });
    await deliver();
    assert.equal(smsRecorder.to(phone).length, 1);
  });

  it('waits for the customer’s answer and for a controlled drug’s second pharmacist', async () => {
    await settings(50, 10);
    const { rx } = await upload([{ productId: chain.addwize, quantity: 30 }]);
    await until('the workflow to start', () => stateOf(rx.id));
    await post(`${rx.id}/request-info`, { message: 'Which clinic issued this?' }, chain.pharmacistA);
    await until('the question', async () => ((await stateOf(rx.id)).waitingFor === 'customer' ? true : undefined));
    assert.equal((await post(`${rx.id}/info-provided`, { note: 'City Clinic, Bandra' }, chain.cashier)).status, 200);
    await until('the answer', async () => ((await stateOf(rx.id)).waitingFor === 'pharmacist' ? true : undefined));
    assert.equal((await post(`${rx.id}/approve`, {}, chain.pharmacistA)).body.status, 'awaiting_second_approval');
    await until('the first signature', async () => ((await stateOf(rx.id)).waitingFor === 'second-pharmacist' ? true : undefined));
    assertProblem(await post(`${rx.id}/approve`, {}, chain.pharmacistA), 403, 'second-pharmacist-required');
    assert.equal((await post(`${rx.id}/approve`, {}, chain.pharmacistB)).body.status, 'approved');
    const final = await completed(rx.id);
    assert.deepEqual([final.status, final.decidedBy], ['approved', 'pharmacist']);
  });

  it('escalates an unclaimed prescription to the store manager and expires it when nobody decides', async () => {
    await settings(5, 1);
    const { rx, phone } = await upload();
    const final = await completed(rx.id);
    assert.deepEqual([final.status, final.escalated, final.decidedBy], ['expired', true, 'timer']);
    const view = (await app.api.get(`/api/v1/prescriptions/${rx.id}`, as(chain.pharmacistA))).body;
    assert.equal(view.status, 'expired');
    assert.ok(view.escalatedAt && view.expiredAt && view.escalatedAt < view.expiredAt);
    await deliver();
    assert.equal(smsRecorder.to(MANAGER_PHONE).filter((m) => m.body.includes(rx.id.slice(0, 8))).length, 1);
    assert.deepEqual(
      smsRecorder.to(phone).map((m) => m.body),
      ['Chain review-wf Store MUM-1: we could not review your prescription in time. Please bring or send it again, or contact the store.'],
    );
    // A claimed prescription is not escalated, and a decision before the deadline is not expired.
    const { rx: claimed } = await upload();
    await post(`${claimed.id}/claim`, {}, chain.pharmacistA);
    await sleep(1_500);
    await post(`${claimed.id}/reject`, { reason: 'Illegible' }, chain.pharmacistA);
    const decided = await completed(claimed.id);
    assert.deepEqual([decided.status, decided.escalated, decided.decidedBy], ['rejected', false, 'pharmacist']);
  });

  it('refuses signals and queries naming another tenant’s review workflow', async () => {
    await settings(50, 10);
    const { rx } = await upload();
    await until('the workflow to start', () => stateOf(rx.id));
    const other = await provisionTenant(app, 'review-wf-other');
    await createStore(app, other, 'OTH-1');
    const theirScope = await scopeOf(other);
    const ours = await workflowId(rx.id);
    const refused = async (call: Promise<unknown>) =>
      assert.rejects(call, (error: any) => error?.status === 404 || error?.details?.status === 404);
    await refused(
      workflows().signal(theirScope, ours, reviewStepSignal, { step: 'approved', status: 'approved', claimedBy: null, version: 99 }),
    );
    await refused(workflows().query(theirScope, ours, reviewStateQuery));
    await refused(workflows().describe(theirScope, ours));
    assert.equal((await stateOf(rx.id)).status, 'pending_review', 'the forged approval never arrived');
    // Through the API, the other chain cannot even find the prescription to step it.
    assertProblem(
      await app.api.post(`/api/v1/prescriptions/${rx.id}/reject`, { reason: 'x' }, { tenant: other.slug, token: other.ownerToken }),
      404,
    );
    await post(`${rx.id}/reject`, { reason: 'Duplicate upload' }, chain.pharmacistA);
    await completed(rx.id);
  });
});

describe('the prescription review workflow when its worker dies', () => {
  let app: TestApp;
  let chain: Awaited<ReturnType<typeof reviewChain>>;
  const { as, post, completed, settings, upload, deliver, count } = reviewDriver(
    () => app,
    () => chain,
  );

  before(async () => {
    // The worker child process inherits this, so it can deliver the notifications it may pick up from the outbox.
    process.env.DAWA_PLUGIN_PATHS = recorderPlugin;
    app = await startTestApp({ DAWA_PLUGIN_PATHS: recorderPlugin, DAWA_SLA_MINUTE_MS: String(MINUTE_MS) }, undefined, undefined, {
      worker: false,
    });
    // Provisioning is a workflow too: a worker process for the setup, gone before the test.
    const setup = startWorkerProcess(app);
    try {
      chain = await reviewChain(app, 'review-crash');
    } finally {
      await setup.kill();
    }
  });
  after(() => app?.close());

  it('survives its worker dying in the middle of an escalation: done once, one message, and the review completes', async () => {
    await settings(5, 1);
    const schema = chain.schema;
    const worker = startWorkerProcess(app);
    const blocker = new pg.Client({ connectionString: app.databaseUrl });
    await blocker.connect();
    try {
      const { rx, phone } = await upload();
      // The escalation activity will wait for this lock inside its transaction: that is where the worker dies.
      await blocker.query('begin');
      await blocker.query(`lock table "${schema}".prescription in exclusive mode`);
      await until('the escalation to be under way', async () =>
        (await count(`select count(*) as n from pg_locks where not granted and relation = $1::regclass`, [`"${schema}".prescription`])) > 0
          ? true
          : undefined,
      );
      await worker.kill();
      await blocker.query('commit');
      // Nothing escalated yet: the killed attempt's transaction died with its connection.
      assert.equal((await app.api.get(`/api/v1/prescriptions/${rx.id}`, as(chain.pharmacistA))).body.escalatedAt, null);
      await app.platform.startWorker();
      await until('the escalation to be retried by the new worker', async () =>
        (await app.api.get(`/api/v1/prescriptions/${rx.id}`, as(chain.pharmacistA))).body.escalatedAt ? true : undefined,
      );
      assert.equal((await post(`${rx.id}/approve`, {}, chain.pharmacistA)).status, 200);
      assert.equal((await completed(rx.id)).status, 'approved');
      await deliver();
      const escalations = await count(
        `select count(*) as n from "${schema}".outbox_event where payload->>'prescriptionId' = $1 and topic = 'notification.prescription-escalation'`,
        [rx.id],
      );
      const managerMessages = await count(`select count(*) as n from "${schema}".notification where business_key like $1`, [
        `prescription-escalated:${rx.id}:%`,
      ]);
      assert.deepEqual([escalations, managerMessages], [1, 1], 'one escalation, one message to the one manager');
      assert.equal(
        await count(`select count(*) as n from "${schema}".audit_log where action = 'prescription.escalated' and entity_id = $1`, [rx.id]),
        1,
      );
      assert.equal(
        await count(`select count(*) as n from "${schema}".notification where business_key = $1 and provider_ref is not null`, [
          `prescription-approved:${rx.id}`,
        ]),
        1,
      );
      assert.equal(smsRecorder.to(phone).length, 1, 'the patient is told once');
    } finally {
      await worker.kill();
      await blocker.end();
    }
  });
});

describe('the prescription review while Temporal is unreachable', () => {
  let app: TestApp;
  /** A second API process on the same database whose Temporal address answers nothing. */
  let offline: TestApp;
  let chain: Awaited<ReturnType<typeof reviewChain>>;
  const online = reviewDriver(
    () => app,
    () => chain,
  );
  const cut = reviewDriver(
    () => offline,
    () => chain,
  );

  before(async () => {
    app = await startTestApp({ DAWA_PLUGIN_PATHS: recorderPlugin });
    chain = await reviewChain(app, 'review-offline');
    offline = await startOfflineTwin(app);
  });
  after(async () => {
    await offline?.close();
    await app?.close();
  });

  it('records uploads and decisions anyway, and a later step starts the missing workflow', async () => {
    const started = Date.now();
    const { rx, phone } = await cut.upload();
    assert.equal(rx.status, 'pending_review');
    assert.equal((await cut.post(`${rx.id}/claim`, {}, chain.pharmacistA)).status, 200);
    const approved = await cut.post(`${rx.id}/approve`, {}, chain.pharmacistA);
    assert.equal(approved.body.status, 'approved', JSON.stringify(approved.body));
    assert.ok(Date.now() - started < 20_000, 'each step gave up on Temporal within seconds');
    await online.deliver();
    assert.equal(smsRecorder.to(phone).length, 1, 'the patient is told: the decision stands');

    // Uploaded while Temporal was away: no workflow yet; the next step, once it is back, starts one.
    const { rx: waiting } = await cut.upload();
    await assert.rejects(online.stateOf(waiting.id));
    assert.equal((await online.post(`${waiting.id}/claim`, {}, chain.pharmacistB)).status, 200);
    const state = await until('the workflow started by the claim', () => online.stateOf(waiting.id));
    assert.deepEqual([state.status, state.claimedBy], ['pending_review', chain.pharmacistB.id]);
    await online.post(`${waiting.id}/reject`, { reason: 'Duplicate' }, chain.pharmacistB);
    assert.equal((await online.completed(waiting.id)).status, 'rejected');
  });
});
