import { fileURLToPath } from 'node:url';

export { belongsToTenant, tenantWorkflowId, TENANT_ID_SEARCH_ATTRIBUTE, DEFAULT_TASK_QUEUE, WORKFLOW_KINDS } from './tenant-workflow-id.js';
export type { WorkflowKind } from './tenant-workflow-id.js';
export type { TenantActivityInput } from './tenant-activity.js';
export * from './provisioning/provisioning.contract.js';
export * from './purchasing/purchasing.contract.js';

/** The module the worker bundles (webpack, via the Temporal SDK): the compiled `workflows.js` beside this file. */
export const workflowsPath = fileURLToPath(new URL('./workflows.js', import.meta.url));
