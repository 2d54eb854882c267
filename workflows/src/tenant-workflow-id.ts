/**
 * Every Dawa workflow belongs to exactly one tenant. Its id says which: `<tenantId>/<kind>/<key>`, e.g.
 * `0b6f…/provisioning/tenant` or `0b6f…/prescription-review/<prescriptionId>`. The platform builds ids only through
 * these helpers and refuses to signal or query an id whose prefix is not the caller's tenant.
 */
export const WORKFLOW_KINDS = ['provisioning', 'purchase-order', 'reorder'] as const;
export type WorkflowKind = (typeof WORKFLOW_KINDS)[number];

/** The search attribute (type Keyword) every workflow start sets, so visibility queries can filter by tenant. */
export const TENANT_ID_SEARCH_ATTRIBUTE = 'TenantId';

/** The task queue every Dawa worker polls unless configured otherwise (tests use one per test app). */
export const DEFAULT_TASK_QUEUE = 'dawa';

const KEY_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

export function tenantWorkflowId(tenantId: string, kind: WorkflowKind, key: string): string {
  if (!KEY_PATTERN.test(key)) throw new Error(`Invalid workflow key "${key}"`);
  return `${tenantId}/${kind}/${key}`;
}

/** True when `workflowId` names a workflow of `tenantId` (and is well formed). */
export function belongsToTenant(workflowId: string, tenantId: string): boolean {
  const [owner, kind, key, ...rest] = workflowId.split('/');
  return owner === tenantId && (WORKFLOW_KINDS as readonly string[]).includes(kind) && KEY_PATTERN.test(key ?? '') && !rest.length;
}
