import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { recoverWorkflows } from '../src/workflows-runtime/workflow-recovery.js';
import { smsRecorder } from './fixtures/plugins/sms-recorder-fixture.js';
import { createSupplier } from './support/purchasing-fixtures.js';
import { MANAGER_PHONE, MINUTE_MS, recorderPlugin, reviewChain, reviewDriver, startOfflineTwin, until } from './support/review-fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The managers' escalation messages about one prescription. */
const escalationsOf = (prescriptionId: string) =>
  smsRecorder.to(MANAGER_PHONE).filter((m) => m.body.includes(prescriptionId.slice(0, 8))).length;

describe('escalation of every unclaimed wait', () => {
  let app: TestApp;
  let chain: Awaited<ReturnType<typeof reviewChain>>;
  const { as, post, stateOf, completed, settings, upload, deliver } = reviewDriver(
    () => app,
    () => chain,
  );

  before(async () => {
    app = await startTestApp({ DAWA_PLUGIN_PATHS: recorderPlugin, DAWA_SLA_MINUTE_MS: String(MINUTE_MS) });
    chain = await reviewChain(app, 'review-again');
  });
  after(() => app?.close());

  const view = async (id: string) => (await app.api.get(`/api/v1/prescriptions/${id}`, as(chain.pharmacistA))).body;

  it('escalates again when a released prescription waits unclaimed past the limit once more, and once per wait', async () => {
    await settings(5, 2);
    const { rx } = await upload();
    await until('the first escalation', async () => ((await view(rx.id)).escalations === 1 ? true : undefined));
    await deliver();
    assert.equal(escalationsOf(rx.id), 1);

    // A pharmacist takes it and puts it back: it is in the queue unclaimed again, and the clock starts over.
    assert.equal((await post(`${rx.id}/claim`, {}, chain.pharmacistA)).status, 200);
    await until('the claim reaches the workflow', async () => ((await stateOf(rx.id)).claimedBy ? true : undefined));
    assert.equal((await post(`${rx.id}/release`, {}, chain.pharmacistA)).status, 200);
    const second = await until('the second escalation', async () => {
      const current = await view(rx.id);
      return current.escalations === 2 ? current : undefined;
    });
    assert.equal(second.status, 'pending_review');
    await deliver();
    assert.equal(escalationsOf(rx.id), 2, 'the managers are told again');

    assert.equal((await post(`${rx.id}/reject`, { reason: 'Illegible' }, chain.pharmacistB)).status, 200);
    const final = await completed(rx.id);
    assert.deepEqual([final.status, final.escalated, final.escalations], ['rejected', true, 2]);
    await deliver();
    assert.equal(escalationsOf(rx.id), 2, 'one message per wait, however long it waited');
  });
});

describe('workflows whose start was lost while Temporal was unreachable', () => {
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
    // The worker sweeps once at start (nothing is missing yet); the test runs the sweep itself rather than wait a minute.
    app = await startTestApp({
      DAWA_PLUGIN_PATHS: recorderPlugin,
      DAWA_SLA_MINUTE_MS: String(MINUTE_MS),
      DAWA_WORKFLOW_RECOVERY_SECONDS: '3600',
    });
    chain = await reviewChain(app, 'review-recovery');
    offline = await startOfflineTwin(app);
  });
  after(async () => {
    await offline?.close();
    await app?.close();
  });

  it('are started by the recovery sweep: an uploaded prescription gets its SLA timers, a submitted order is sent', async () => {
    await online.settings(5, 2);
    const owner = online.owner();
    assert.equal((await app.api.put('/api/v1/settings', { purchaseApprovalThreshold: 100_000_000 }, owner)).status, 200);
    const { rx } = await cut.upload();
    assert.equal(rx.status, 'pending_review');
    const supplier = await createSupplier(app, chain.tenant, { name: 'Recovery Distributors', phone: '+919800000077' });
    const draft = await offline.api.post(
      '/api/v1/purchase-orders',
      { storeId: chain.mumbai, supplierId: supplier, lines: [{ productId: chain.amox, quantity: 100, packCost: 2500 }] },
      owner,
    );
    assert.equal(draft.status, 201, JSON.stringify(draft.body));
    const submitted = await offline.api.post(`/api/v1/purchase-orders/${draft.body.id}/submit`, undefined, owner);
    assert.equal(submitted.body.status, 'approved', 'below the threshold: approved on submit, then waits for its workflow to send it');
    await assert.rejects(online.stateOf(rx.id), 'no review workflow yet: the upload could not start it');

    assert.equal(await recoverWorkflows(app.platform.app), 2, 'the sweep starts both missing workflows');
    assert.equal(await recoverWorkflows(app.platform.app), 0, 'and finds nothing missing the next time');

    const escalated = await until('the recovered review escalates', async () => {
      const view = (await app.api.get(`/api/v1/prescriptions/${rx.id}`, online.as(chain.pharmacistA))).body;
      return view.escalatedAt ? view : undefined;
    });
    assert.equal(escalated.status, 'pending_review');
    await until('the store manager is told', async () => {
      await online.deliver();
      return escalationsOf(rx.id) === 1 ? true : undefined;
    });
    assert.equal((await online.stateOf(rx.id)).escalations, 1);
    await until('the recovered order is sent by its workflow', async () => {
      const order = (await app.api.get(`/api/v1/purchase-orders/${draft.body.id}`, owner)).body;
      return order.status === 'sent' ? true : undefined;
    });
  });
});
