import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import {
  reviewStepSignal,
  type PrescriptionActivityInput,
  type PrescriptionReviewInput,
  type ReviewStep,
  type ReviewStepEvent,
} from '@dawa/workflows';
import type { TenantScope } from '../common/tenant-scope.js';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config/config.js';
import { PLATFORM_LOGGER } from '../infrastructure/logger.provider.js';
import type { TenantActivity } from '../workflows-runtime/tenant-activities.js';
import { TenantWorkflows } from '../workflows-runtime/tenant-workflows.service.js';
import type { PrescriptionRow } from './prescription-records.js';
import { PrescriptionReviewService } from './prescription-review.service.js';

export const DEFAULT_ESCALATE_AFTER_MINUTES = 30;
export const DEFAULT_EXPIRE_AFTER_HOURS = 24;
const WORKFLOW_TYPE = 'prescriptionReview';

/**
 * The link between the review's records and its workflow (`prescriptionReview` in @dawa/workflows): starts one per
 * prescription when it is recorded, signals each step once it has committed, and offers the workflow its SLA
 * activities. A step is never undone because Temporal could not be told: the decision stands in the database, and the
 * workflow's timers call operations that find it there (see docs/prescriptions.md).
 */
@Injectable()
export class PrescriptionReviewWorkflow {
  constructor(
    private readonly workflows: TenantWorkflows,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  /** The workflow's timers, from the tenant's settings; DAWA_SLA_MINUTE_MS shortens a minute for tests and demos. */
  input(scope: TenantScope, prescriptionId: string): PrescriptionReviewInput {
    const minute = this.config.env.DAWA_SLA_MINUTE_MS;
    const settings = scope.tenant.settings;
    return {
      tenantId: scope.tenant.id,
      prescriptionId,
      escalateAfterMs: (settings.prescriptionEscalateAfterMinutes ?? DEFAULT_ESCALATE_AFTER_MINUTES) * minute,
      expireAfterMs: (settings.prescriptionExpireAfterHours ?? DEFAULT_EXPIRE_AFTER_HOURS) * 60 * minute,
    };
  }

  async started(scope: TenantScope, prescriptionId: string): Promise<void> {
    await this.tell(prescriptionId, 'start', () =>
      this.workflows.start(scope, 'prescription-review', prescriptionId, WORKFLOW_TYPE, [this.input(scope, prescriptionId)]),
    );
  }

  /** Signals a committed step, starting the workflow if it is not running (its start was lost, or it ended). */
  async stepped(
    scope: TenantScope,
    row: Pick<PrescriptionRow, 'id' | 'status' | 'claimed_by' | 'review_version'>,
    step: ReviewStep,
  ): Promise<void> {
    const event: ReviewStepEvent = { step, status: row.status, claimedBy: row.claimed_by, version: row.review_version };
    await this.tell(row.id, step, () =>
      this.workflows.signalWithStart(
        scope,
        'prescription-review',
        row.id,
        WORKFLOW_TYPE,
        [this.input(scope, row.id)],
        reviewStepSignal,
        event,
      ),
    );
  }

  private async tell(prescriptionId: string, what: string, call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (error) {
      this.logger.error(
        { err: error instanceof Error ? error.message : String(error), prescriptionId, step: what },
        'Could not tell the prescription review workflow; the recorded step stands',
      );
    }
  }
}

/** The SLA activities the review workflow calls, as the worker binds them (in the workflow's tenant). */
export function prescriptionReviewActivities(review: PrescriptionReviewService): Record<string, TenantActivity<PrescriptionActivityInput>> {
  return {
    escalateUnclaimedPrescription: (scope, input) => review.escalateUnclaimed(scope, input.prescriptionId),
    expirePrescription: (scope, input) => review.expire(scope, input.prescriptionId),
  };
}
