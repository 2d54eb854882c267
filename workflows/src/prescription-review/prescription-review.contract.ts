import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { TenantActivityInput } from '../tenant-activity.js';

/** The review states of a prescription, as the platform records them. */
export type ReviewStatus = 'pending_review' | 'info_requested' | 'awaiting_second_approval' | 'approved' | 'rejected' | 'expired';

/** Decided: the review is over, whoever or whatever decided. */
export const DECIDED_STATUSES: readonly ReviewStatus[] = ['approved', 'rejected', 'expired'];

/** The steps people take on a prescription, each signalled to its workflow once it has been recorded. */
export type ReviewStep = 'claimed' | 'released' | 'info-requested' | 'info-provided' | 'first-approved' | 'approved' | 'rejected';

/**
 * A recorded review step: the prescription's status and claimer after it. The platform records each step in its
 * database first (the pharmacist gets an immediate answer: 409 when someone else holds it, 422 when incomplete) and
 * then signals; the workflow keeps the clock, not the truth.
 */
export interface ReviewStepEvent {
  step: ReviewStep;
  status: ReviewStatus;
  claimedBy: string | null;
  /** The prescription's review version after the step: signals that arrive out of order are told apart by it. */
  version: number;
}

export interface PrescriptionReviewInput {
  tenantId: string;
  prescriptionId: string;
  /** Unclaimed this long after entering the queue: the store's managers are told (once). */
  escalateAfterMs: number;
  /** Undecided this long in one wait (the queue, the customer's answer, the second signature): the review expires. */
  expireAfterMs: number;
}

export interface PrescriptionActivityInput extends TenantActivityInput {
  prescriptionId: string;
}

export interface EscalationInput extends PrescriptionActivityInput {
  /**
   * Which escalation of this prescription this is (1 for its first unclaimed wait, 2 for the next…), so a retried
   * activity repeats nothing and a later wait escalates again. Absent from executions started before it existed: 1.
   */
  escalation?: number;
}

/** What an SLA operation did: `changed` false when a person got there first, and the status it found. */
export interface ReviewOutcome {
  changed: boolean;
  status: ReviewStatus;
}

/** Implemented by the platform (PrescriptionReviewService); both are idempotent and no-ops once decided. */
export interface PrescriptionReviewActivities {
  escalateUnclaimedPrescription(input: EscalationInput): Promise<ReviewOutcome>;
  expirePrescription(input: PrescriptionActivityInput): Promise<ReviewOutcome>;
}

/** Where the review stands, as the workflow has seen it. */
export interface ReviewState {
  status: ReviewStatus;
  claimedBy: string | null;
  /** The wait the clock is running for: the queue, the customer's answer, or the second signature; `done` at the end. */
  waitingFor: 'pharmacist' | 'customer' | 'second-pharmacist' | 'done';
  escalated: boolean;
  /** How many unclaimed waits have been escalated. */
  escalations: number;
  /** The review version of the last step applied; an older signal arriving late is ignored. */
  version: number;
  /** How the review ended: a person's decision, or the expiry timer. */
  decidedBy?: 'pharmacist' | 'timer';
}

/** Marks the change that escalates every unclaimed wait, not only the first (see docs/workflows.md, patching). */
/**
 * A new chain's review clock until it sets its own (tenant settings): managers are told after 30 unclaimed minutes,
 * a review still undecided after 24 hours expires. Here, beside the workflow, so its tests run at the real lengths.
 */
export const DEFAULT_REVIEW_SLA = { escalateAfterMinutes: 30, expireAfterHours: 24 } as const;

export const ESCALATE_EVERY_WAIT_PATCH = 'escalate-every-unclaimed-wait';

export const reviewStepSignal = defineSignal<[ReviewStepEvent]>('reviewStep');
export const reviewStateQuery = defineQuery<ReviewState>('reviewState');
