import { ActivityFailure, condition, patched, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  CATALOGUE_AND_SCHEDULES_PATCH,
  PROVISIONING_ACTIVITY,
  PROVISIONING_STEPS,
  PROVISIONING_STEPS_BEFORE_CATALOGUE,
  provisioningProgressQuery,
  retryProvisioningSignal,
  type ProvisioningActivities,
  type ProvisioningProgress,
  type ProvisionTenantWorkflowInput,
} from './provisioning.contract.js';

const steps = proxyActivities<ProvisioningActivities>({
  // Migrations of a large release may take a while; a worker that dies is noticed through missed heartbeats (the
  // platform's activity wrapper heartbeats while an activity runs), not through this timeout.
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds', maximumAttempts: 4 },
});

function failureMessage(error: ActivityFailure): string {
  return error.cause?.message ?? error.message;
}

/**
 * Creates a tenant step by step. A step whose retries are exhausted marks the provisioning failed (the tenant stays
 * in status `provisioning`, so nobody can log in) and waits for `retryProvisioning`; the operator fixes the cause and
 * signals, and the workflow carries on from that step.
 */
export async function provisionTenant(input: ProvisionTenantWorkflowInput): Promise<void> {
  const names = patched(CATALOGUE_AND_SCHEDULES_PATCH) ? PROVISIONING_STEPS : PROVISIONING_STEPS_BEFORE_CATALOGUE;
  const progress: ProvisioningProgress = {
    status: 'running',
    steps: names.map((name) => ({ name, state: 'pending' })),
  };
  let retryRequested = false;
  setHandler(provisioningProgressQuery, () => progress);
  setHandler(retryProvisioningSignal, () => {
    retryRequested = true;
  });

  for (const step of progress.steps) {
    for (;;) {
      step.state = 'running';
      delete step.error;
      try {
        await steps[PROVISIONING_ACTIVITY[step.name]]({ tenantId: input.tenantId });
        step.state = 'done';
        break;
      } catch (error) {
        if (!(error instanceof ActivityFailure)) throw error;
        step.state = 'failed';
        step.error = failureMessage(error);
        progress.status = 'failed';
        retryRequested = false;
        await condition(() => retryRequested);
        progress.status = 'running';
      }
    }
  }
  progress.status = 'completed';
}
