import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { TenantActivityInput } from '../tenant-activity.js';

/**
 * Provisioning steps, in order. Each is one activity, retried and idempotent: running it again after it already
 * (partly) happened changes nothing, so a workflow that failed or lost its worker resumes where it stopped.
 */
export const PROVISIONING_STEPS = [
  'schema',
  'migrations',
  'roles',
  'owner',
  'stores',
  'users',
  'plugins',
  'catalogue',
  'schedules',
  'activate',
] as const;
export type ProvisioningStep = (typeof PROVISIONING_STEPS)[number];

/** Marks the workflow change that added `catalogue` and `schedules` (see docs/workflows.md, patching). */
export const CATALOGUE_AND_SCHEDULES_PATCH = 'provisioning-catalogue-and-schedules';
/** The steps of executions started before that change, which replay without them. */
export const PROVISIONING_STEPS_BEFORE_CATALOGUE: readonly ProvisioningStep[] = PROVISIONING_STEPS.filter(
  (step) => step !== 'catalogue' && step !== 'schedules',
);

/**
 * The activities provisioning needs; implemented by the platform. The tenant's details (owner, seed users,
 * plugin settings) are not in the input: they hold passwords and API keys and workflow history is readable in the
 * Temporal UI, so the platform keeps them encrypted in its database until provisioning completes.
 */
export type ProvisioningActivities = Record<ProvisioningActivityName, (input: TenantActivityInput) => Promise<void>>;

export const PROVISIONING_ACTIVITY: Record<ProvisioningStep, ProvisioningActivityName> = {
  schema: 'provisionSchema',
  migrations: 'provisionMigrations',
  roles: 'provisionRoles',
  owner: 'provisionOwner',
  stores: 'provisionStores',
  users: 'provisionUsers',
  plugins: 'provisionPlugins',
  catalogue: 'provisionCatalogue',
  schedules: 'provisionSchedules',
  activate: 'provisionActivate',
};
export type ProvisioningActivityName =
  | 'provisionSchema'
  | 'provisionMigrations'
  | 'provisionRoles'
  | 'provisionOwner'
  | 'provisionStores'
  | 'provisionUsers'
  | 'provisionPlugins'
  | 'provisionCatalogue'
  | 'provisionSchedules'
  | 'provisionActivate';

export interface ProvisionTenantWorkflowInput {
  tenantId: string;
}

export type ProvisioningStepState = 'pending' | 'running' | 'done' | 'failed';

export interface ProvisioningProgress {
  /** `failed`: a step exhausted its retries; the workflow waits for the retry signal once the cause is fixed. */
  status: 'running' | 'failed' | 'completed';
  steps: Array<{ name: ProvisioningStep; state: ProvisioningStepState; error?: string }>;
}

export const provisioningProgressQuery = defineQuery<ProvisioningProgress>('provisioningProgress');
/** Resume a failed provisioning at the step that failed. */
export const retryProvisioningSignal = defineSignal('retryProvisioning');
