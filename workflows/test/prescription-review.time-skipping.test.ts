import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Context } from '@temporalio/activity';
import {
  DEFAULT_REVIEW_SLA,
  reviewStateQuery,
  reviewStepSignal,
  tenantWorkflowId,
  type PrescriptionReviewActivities,
  type ReviewState,
  type ReviewStatus,
  type ReviewStepEvent,
} from '../src/index.js';
import { startTimeSkippingWorker, type TimeSkippingWorker } from './support/time-skipping.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A new tenant's review clock, at real length. */
const ESCALATE_AFTER_MS = DEFAULT_REVIEW_SLA.escalateAfterMinutes * MINUTE;
const EXPIRE_AFTER_MS = DEFAULT_REVIEW_SLA.expireAfterHours * HOUR;

/**
 * The review workflow's SLA with a new tenant's real timers — managers told after 30 unclaimed minutes, the review
 * expired after 24 hours in one wait — on Temporal's time-skipping test server, which jumps its clock over the wait
 * instead of sleeping through it. The platform's SLA operations are faked by a status per prescription, as the
 * database would hold it, noting the server time at which each ran.
 */
describe('prescriptionReview workflow, real timers on a time-skipping server', () => {
  const tenantId = randomUUID();
  const statuses = new Map<string, ReviewStatus>();
  /** What managers and patients were told, and when (the server's clock). */
  const told: Array<{ prescriptionId: string; what: 'escalated' | 'expired'; at: number }> = [];
  let worker: TimeSkippingWorker;

  const at = () => Context.current().info.currentAttemptScheduledTimestampMs;
  const activities: PrescriptionReviewActivities = {
    async escalateUnclaimedPrescription({ prescriptionId }) {
      const status = statuses.get(prescriptionId)!;
      if (status === 'pending_review') told.push({ prescriptionId, what: 'escalated', at: at() });
      return { changed: status === 'pending_review', status };
    },
    async expirePrescription({ prescriptionId }) {
      const open = !['approved', 'rejected', 'expired'].includes(statuses.get(prescriptionId)!);
      if (open) {
        statuses.set(prescriptionId, 'expired');
        told.push({ prescriptionId, what: 'expired', at: at() });
      }
      return { changed: open, status: statuses.get(prescriptionId)! };
    },
  };

  before(async () => {
    worker = await startTimeSkippingWorker(activities);
  });
  after(() => worker?.stop());

  async function upload() {
    const prescriptionId = randomUUID();
    statuses.set(prescriptionId, 'pending_review');
    const uploadedAt = await worker.env.currentTimeMs();
    const handle = await worker.client.workflow.start('prescriptionReview', {
      taskQueue: worker.taskQueue,
      workflowId: tenantWorkflowId(tenantId, 'prescription-review', prescriptionId),
      args: [{ tenantId, prescriptionId, escalateAfterMs: ESCALATE_AFTER_MS, expireAfterMs: EXPIRE_AFTER_MS }],
    });
    let version = 0;
    /** A person's step: recorded in the "database" first, then signalled, as the platform does. */
    const step = async (event: Omit<ReviewStepEvent, 'version'>) => {
      statuses.set(prescriptionId, event.status);
      await handle.signal(reviewStepSignal, { ...event, version: ++version });
    };
    /** Minutes since upload at which each notice went out. */
    const notices = () =>
      told.filter((t) => t.prescriptionId === prescriptionId).map((t) => `${t.what}@${Math.round((t.at - uploadedAt) / MINUTE)}m`);
    /** The workflow's view once the activities the jump set off have run (they take real, not server, time). */
    const settled = async (expected: Partial<ReviewState>) => {
      for (const giveUp = Date.now() + 30_000; Date.now() < giveUp;) {
        const state = await handle.query(reviewStateQuery);
        if (Object.entries(expected).every(([key, value]) => state[key as keyof ReviewState] === value)) return state;
        await sleep(25);
      }
      assert.fail(`the review never reached ${JSON.stringify(expected)}`);
    };
    return { prescriptionId, handle, step, notices, settled };
  }

  it('tells the managers after 30 unclaimed minutes, not before, and expires the review after 24 hours', async () => {
    const { prescriptionId, handle, notices, settled } = await upload();
    await worker.env.sleep(29 * MINUTE);
    assert.equal((await handle.query(reviewStateQuery)).escalated, false);
    assert.deepEqual(notices(), [], 'nobody is told within the half hour');
    await worker.env.sleep(2 * MINUTE);
    await settled({ escalated: true, escalations: 1 });
    assert.deepEqual(notices(), ['escalated@30m']);

    await worker.env.sleep(23 * HOUR);
    assert.equal((await handle.query(reviewStateQuery)).status, 'pending_review', 'still open at 23.5 hours');
    const state = await handle.result();
    assert.deepEqual([state.status, state.decidedBy, state.escalations], ['expired', 'timer', 1]);
    assert.equal(statuses.get(prescriptionId), 'expired');
    assert.deepEqual(notices(), ['escalated@30m', 'expired@1440m']);
  });

  it('does not escalate a prescription claimed in time, and gives the customer’s answer 24 hours of its own', async () => {
    const { handle, step, notices, settled } = await upload();
    await worker.env.sleep(20 * MINUTE);
    await step({ step: 'claimed', status: 'pending_review', claimedBy: 'asha' });
    await worker.env.sleep(20 * HOUR);
    await step({ step: 'info-requested', status: 'info_requested', claimedBy: 'asha' });
    await settled({ waitingFor: 'customer' });
    await worker.env.sleep(23 * HOUR);
    assert.deepEqual(notices(), [], 'the queue wait ended at 20 hours, the customer has had 23');
    const state = await handle.result();
    assert.deepEqual([state.status, state.escalated, state.decidedBy], ['expired', false, 'timer']);
    assert.deepEqual(notices(), [`expired@${20 * 60 + 20 + 24 * 60}m`], '24 hours after the question, not after upload');
  });

  it('ends with the pharmacist’s decision the next morning without any timer firing', async () => {
    const { handle, step, notices } = await upload();
    await worker.env.sleep(10 * MINUTE);
    await step({ step: 'claimed', status: 'pending_review', claimedBy: 'asha' });
    await worker.env.sleep(14 * HOUR);
    await step({ step: 'approved', status: 'approved', claimedBy: null });
    const state = await handle.result();
    assert.deepEqual([state.status, state.escalated, state.decidedBy], ['approved', false, 'pharmacist']);
    assert.deepEqual(notices(), []);
  });
});
