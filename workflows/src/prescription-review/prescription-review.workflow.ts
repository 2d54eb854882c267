import { condition, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  DECIDED_STATUSES,
  ESCALATE_EVERY_WAIT_PATCH,
  reviewStateQuery,
  reviewStepSignal,
  type PrescriptionReviewActivities,
  type PrescriptionReviewInput,
  type ReviewState,
  type ReviewStatus,
} from './prescription-review.contract.js';

const sla = proxyActivities<PrescriptionReviewActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '10 seconds',
  // The operations are idempotent; retry until the database is back rather than lose an escalation or an expiry.
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

const WAITING_FOR: Record<ReviewStatus, ReviewState['waitingFor']> = {
  pending_review: 'pharmacist',
  info_requested: 'customer',
  awaiting_second_approval: 'second-pharmacist',
  approved: 'done',
  rejected: 'done',
  expired: 'done',
};

const decided = (status: ReviewStatus) => DECIDED_STATUSES.includes(status);

/**
 * One prescription's review, from upload to decision. It keeps the review's clock; the people's steps are recorded by
 * the platform and signalled here (`reviewStep`):
 *
 * - In the queue, unclaimed for `escalateAfterMs`: the store's managers are told. Every time it is back in the queue
 *   unclaimed (a claim released), the clock starts again and a wait that runs out is escalated again.
 * - Each wait (the pharmacists' queue, the customer's answer to a question, a controlled drug's second signature)
 *   gets `expireAfterMs`; a wait that runs out expires the review and the patient is told.
 * - A decision (approved, rejected) ends it.
 *
 * The SLA activities re-check the database under the row lock, so a timer that fires as a pharmacist decides finds
 * the decision and does nothing; and a signal lost on the way (Temporal unreachable for a moment) costs nothing but
 * an activity that finds the prescription already decided.
 */
export async function prescriptionReview(input: PrescriptionReviewInput): Promise<ReviewState> {
  const state: ReviewState = {
    status: 'pending_review',
    claimedBy: null,
    waitingFor: 'pharmacist',
    escalated: false,
    escalations: 0,
    version: 0,
  };
  const ids = { tenantId: input.tenantId, prescriptionId: input.prescriptionId };
  /** Bumped whenever a new wait starts, which restarts the expiry clock. */
  let wait = 0;
  /** Bumped whenever the prescription comes back to the queue unclaimed, which restarts the escalation clock. */
  let unclaimedWait = 0;
  const unclaimedInQueue = () => state.waitingFor === 'pharmacist' && state.claimedBy === null;
  setHandler(reviewStateQuery, () => state);
  setHandler(reviewStepSignal, (event) => {
    if (decided(state.status) || event.version <= state.version) return;
    const waitingFor = WAITING_FOR[event.status];
    if (waitingFor !== state.waitingFor) wait++;
    const wasUnclaimedInQueue = unclaimedInQueue();
    Object.assign(state, { status: event.status, claimedBy: event.claimedBy, waitingFor, version: event.version });
    if (!wasUnclaimedInQueue && unclaimedInQueue()) unclaimedWait++;
    if (decided(event.status)) state.decidedBy = 'pharmacist';
  });

  const escalateFirstWait = async () => {
    const someoneCame = await condition(() => state.claimedBy !== null || state.waitingFor !== 'pharmacist', input.escalateAfterMs);
    if (someoneCame) return;
    const outcome = await sla.escalateUnclaimedPrescription(ids);
    state.escalated = outcome.changed;
    if (outcome.changed) state.escalations = 1;
  };

  const escalateEveryWait = async () => {
    while (!decided(state.status)) {
      await condition(() => decided(state.status) || unclaimedInQueue());
      if (decided(state.status)) return;
      const current = unclaimedWait;
      const moved = await condition(() => decided(state.status) || !unclaimedInQueue() || unclaimedWait !== current, input.escalateAfterMs);
      if (moved) continue;
      const outcome = await sla.escalateUnclaimedPrescription({ ...ids, escalation: state.escalations + 1 });
      if (outcome.changed) {
        state.escalated = true;
        state.escalations++;
      }
      // One escalation per wait: the next one needs the prescription to leave the queue and come back unclaimed.
      await condition(() => decided(state.status) || unclaimedWait !== current);
    }
  };

  const escalation = patched(ESCALATE_EVERY_WAIT_PATCH) ? escalateEveryWait() : escalateFirstWait();

  while (!decided(state.status)) {
    const current = wait;
    const moved = await condition(() => decided(state.status) || wait !== current, input.expireAfterMs);
    if (moved) continue;
    const outcome = await sla.expirePrescription(ids);
    // Expired now, or decided by a pharmacist whose signal has not arrived (or never will).
    if (!decided(state.status)) {
      Object.assign(state, { status: outcome.status, waitingFor: WAITING_FOR[outcome.status] });
      state.decidedBy = outcome.changed ? 'timer' : 'pharmacist';
    }
  }
  state.waitingFor = 'done';
  await escalation;
  return state;
}
