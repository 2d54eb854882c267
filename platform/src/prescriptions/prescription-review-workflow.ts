import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import {
  DEFAULT_REVIEW_SLA,
  reviewStepSignal,
  type EscalationInput,
  type PrescriptionActivityInput,
  type PrescriptionReviewInput,
  type ReviewStep,
  type ReviewStepEvent,
} from '@dawa/workflows';
import type { TenantScope } from '../common/tenant-scope.js';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config/config.js';
import { ident } from '../database/sql.js';
import { PLATFORM_LOGGER } from '../infrastructure/logger.provider.js';
import type { TenantActivity } from '../workflows-runtime/tenant-activities.js';
import { startMissing } from '../workflows-runtime/start-missing.js';
import { TenantWorkflows } from '../workflows-runtime/tenant-workflows.service.js';
import { OPEN_STATUSES, type PrescriptionRow } from './prescription-records.js';
import { PrescriptionReviewService } from './prescription-review.service.js';

const WORKFLOW_TYPE = 'prescriptionReview';

/**
 * The link between the review's records and its workflow (`prescriptionReview` in @dawa/workflows): starts one per
 * prescription when it is recorded, signals each step once it has committed, and offers the workflow its SLA
 * activities. A step is never undone because Temporal could not be told: the decision stands in the database, and the
 * workflow's timers call operations that find it there (see docs/prescriptions.md). Each prescription records when its
 * workflow was first known to run (`review_workflow_at`), so the recovery sweep can start the ones whose start was
 * lost without asking Temporal about every open prescription.
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
      escalateAfterMs: (settings.prescriptionEscalateAfterMinutes ?? DEFAULT_REVIEW_SLA.escalateAfterMinutes) * minute,
      expireAfterMs: (settings.prescriptionExpireAfterHours ?? DEFAULT_REVIEW_SLA.expireAfterHours) * 60 * minute,
    };
  }

  async started(scope: TenantScope, prescriptionId: string): Promise<boolean> {
    return this.tell(scope, prescriptionId, 'start', () =>
      this.workflows.start(scope, 'prescription-review', prescriptionId, WORKFLOW_TYPE, [this.input(scope, prescriptionId)]),
    );
  }

  /**
   * Starts the review workflows of the tenant's open prescriptions whose start was lost (uploaded while Temporal was
   * unreachable, and no step since), so their SLA timers run. Starting one that is already running changes nothing.
   */
  async recover(scope: TenantScope): Promise<number> {
    const missing = await scope.em.execute<{ id: string }[]>(
      `select id from ${ident(scope.tenant.schemaName)}.prescription
       where review_workflow_at is null and status in (${OPEN_STATUSES.map(() => '?').join(', ')}) order by created_at limit 500`,
      [...OPEN_STATUSES],
    );
    return startMissing(
      missing.map((row) => row.id),
      (id) => this.started(scope, id),
    );
  }

  /** Signals a committed step, starting the workflow if it is not running (its start was lost, or it ended). */
  async stepped(
    scope: TenantScope,
    row: Pick<PrescriptionRow, 'id' | 'status' | 'claimed_by' | 'review_version'>,
    step: ReviewStep,
  ): Promise<void> {
    const event: ReviewStepEvent = { step, status: row.status, claimedBy: row.claimed_by, version: row.review_version };
    await this.tell(scope, row.id, step, () =>
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

  /** Whether the workflow heard it; the first time it did, the prescription records that its workflow runs. */
  private async tell(scope: TenantScope, prescriptionId: string, what: string, call: () => Promise<unknown>): Promise<boolean> {
    try {
      await call();
    } catch (error) {
      this.logger.error(
        { err: error instanceof Error ? error.message : String(error), prescriptionId, step: what },
        'Could not tell the prescription review workflow; the recorded step stands',
      );
      return false;
    }
    await scope.em.execute(
      `update ${ident(scope.tenant.schemaName)}.prescription set review_workflow_at = now() where id = ? and review_workflow_at is null`,
      [prescriptionId],
    );
    return true;
  }
}

/** The SLA activities the review workflow calls, as the worker binds them (in the workflow's tenant). */
export function prescriptionReviewActivities(review: PrescriptionReviewService): Record<string, TenantActivity<PrescriptionActivityInput>> {
  return {
    escalateUnclaimedPrescription: (scope, input: EscalationInput) =>
      review.escalateUnclaimed(scope, input.prescriptionId, input.escalation),
    expirePrescription: (scope, input) => review.expire(scope, input.prescriptionId),
  };
}
