import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Client, WorkflowHandle } from '@temporalio/client';
import {
  reviewStateQuery,
  reviewStepSignal,
  tenantWorkflowId,
  type EscalationInput,
  type PrescriptionActivityInput,
  type PrescriptionReviewActivities,
  type ReviewOutcome,
  type ReviewStatus,
  type ReviewStepEvent,
} from '../src/index.js';
import { startTestWorker } from './support/test-worker.js';

/**
 * The review workflow's clock against the suite's real Temporal server, with the platform's SLA operations faked
 * here (a status per prescription, as the database would hold it) and timers of a second or two.
 */
describe('prescriptionReview workflow', () => {
  const tenantId = randomUUID();
  /** The "database": each prescription's status, and what the SLA operations were asked to do. */
  const statuses = new Map<string, ReviewStatus>();
  const calls: Array<{ op: 'escalate' | 'expire'; prescriptionId: string; changed: boolean }> = [];
  const escalationNumbers: Array<{ prescriptionId: string; escalation?: number }> = [];
  let client: Client;
  let taskQueue: string;
  let stop: () => Promise<void>;

  const activities: PrescriptionReviewActivities = {
    async escalateUnclaimedPrescription({ prescriptionId, escalation }: EscalationInput): Promise<ReviewOutcome> {
      const status = statuses.get(prescriptionId)!;
      escalationNumbers.push({ prescriptionId, escalation });
      calls.push({ op: 'escalate', prescriptionId, changed: status === 'pending_review' });
      return { changed: status === 'pending_review', status };
    },
    async expirePrescription({ prescriptionId }: PrescriptionActivityInput): Promise<ReviewOutcome> {
      const status = statuses.get(prescriptionId)!;
      const open = !['approved', 'rejected', 'expired'].includes(status);
      if (open) statuses.set(prescriptionId, 'expired');
      calls.push({ op: 'expire', prescriptionId, changed: open });
      return { changed: open, status: statuses.get(prescriptionId)! };
    },
  };

  before(async () => {
    ({ client, taskQueue, stop } = await startTestWorker(activities));
  });
  after(() => stop?.());

  async function review(escalateAfterMs: number, expireAfterMs: number) {
    const prescriptionId = randomUUID();
    statuses.set(prescriptionId, 'pending_review');
    const handle = await client.workflow.start('prescriptionReview', {
      taskQueue,
      workflowId: tenantWorkflowId(tenantId, 'prescription-review', prescriptionId),
      args: [{ tenantId, prescriptionId, escalateAfterMs, expireAfterMs }],
    });
    /** A person's step: recorded in the "database" first (the next review version), then signalled, as the platform does. */
    let version = 0;
    const step = async (event: Omit<ReviewStepEvent, 'version'>) => {
      statuses.set(prescriptionId, event.status);
      await handle.signal(reviewStepSignal, { ...event, version: ++version });
    };
    return { prescriptionId, handle, step };
  }
  const callsOf = (prescriptionId: string) => calls.filter((c) => c.prescriptionId === prescriptionId).map((c) => `${c.op}:${c.changed}`);
  const result = (handle: WorkflowHandle) => handle.result();

  it('ends with the pharmacist’s decision, with no timer having fired', async () => {
    const { prescriptionId, handle, step } = await review(2_000, 4_000);
    await step({ step: 'claimed', status: 'pending_review', claimedBy: 'asha' });
    assert.equal((await handle.query(reviewStateQuery)).claimedBy, 'asha');
    await step({ step: 'approved', status: 'approved', claimedBy: null });
    assert.deepEqual(await result(handle), {
      status: 'approved',
      claimedBy: null,
      waitingFor: 'done',
      escalated: false,
      escalations: 0,
      version: 2,
      decidedBy: 'pharmacist',
    });
    assert.deepEqual(callsOf(prescriptionId), []);
  });

  it('keeps the newest step when signals arrive out of order', async () => {
    const { handle } = await review(60_000, 60_000);
    await handle.signal(reviewStepSignal, { step: 'released', status: 'pending_review', claimedBy: null, version: 2 });
    await handle.signal(reviewStepSignal, { step: 'claimed', status: 'pending_review', claimedBy: 'asha', version: 1 });
    assert.deepEqual([(await handle.query(reviewStateQuery)).claimedBy, (await handle.query(reviewStateQuery)).version], [null, 2]);
    await handle.signal(reviewStepSignal, { step: 'rejected', status: 'rejected', claimedBy: null, version: 3 });
    assert.equal((await result(handle)).status, 'rejected');
  });

  it('escalates a prescription nobody claims, once, then expires it when nobody decides', async () => {
    const { prescriptionId, handle } = await review(500, 2_000);
    const state = await result(handle);
    assert.deepEqual([state.status, state.escalated, state.decidedBy], ['expired', true, 'timer']);
    assert.deepEqual(callsOf(prescriptionId), ['escalate:true', 'expire:true']);
  });

  it('escalates each unclaimed wait once, numbering them, and not while a pharmacist holds it', async () => {
    const { prescriptionId, handle, step } = await review(500, 10_000);
    const escalated = async (n: number) => {
      while (calls.filter((c) => c.prescriptionId === prescriptionId && c.op === 'escalate').length < n)
        await new Promise((resolve) => setTimeout(resolve, 50));
    };
    await escalated(1);
    await new Promise((resolve) => setTimeout(resolve, 800));
    await step({ step: 'claimed', status: 'pending_review', claimedBy: 'asha' });
    await new Promise((resolve) => setTimeout(resolve, 800));
    await step({ step: 'released', status: 'pending_review', claimedBy: null });
    await escalated(2);
    await step({ step: 'rejected', status: 'rejected', claimedBy: null });
    const state = await result(handle);
    assert.deepEqual([state.status, state.escalated, state.escalations], ['rejected', true, 2]);
    assert.deepEqual(
      escalationNumbers.filter((e) => e.prescriptionId === prescriptionId).map((e) => e.escalation),
      [1, 2],
      'one per wait: none while it waited escalated, none while claimed',
    );
  });

  it('does not escalate once claimed, and gives the customer’s answer and the second signature a wait of their own', async () => {
    const { prescriptionId, handle, step } = await review(800, 3_000);
    await step({ step: 'claimed', status: 'pending_review', claimedBy: 'asha' });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await step({ step: 'info-requested', status: 'info_requested', claimedBy: 'asha' });
    assert.equal((await handle.query(reviewStateQuery)).waitingFor, 'customer');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await step({ step: 'info-provided', status: 'pending_review', claimedBy: 'asha' });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await step({ step: 'first-approved', status: 'awaiting_second_approval', claimedBy: null });
    assert.equal((await handle.query(reviewStateQuery)).waitingFor, 'second-pharmacist');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await step({ step: 'approved', status: 'approved', claimedBy: null });
    const state = await result(handle);
    assert.deepEqual([state.status, state.escalated, state.decidedBy], ['approved', false, 'pharmacist']);
    assert.deepEqual(callsOf(prescriptionId), [], 'every wait was shorter than the limit: no timer fired');
  });

  it('finds the decision whose signal never came, and ends with it', async () => {
    const { prescriptionId, handle } = await review(60_000, 1_000);
    statuses.set(prescriptionId, 'rejected');
    const state = await result(handle);
    assert.deepEqual([state.status, state.decidedBy], ['rejected', 'pharmacist']);
    assert.deepEqual(callsOf(prescriptionId), ['expire:false']);
  });
});
