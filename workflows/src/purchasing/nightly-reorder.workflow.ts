import { proxyActivities } from '@temporalio/workflow';
import type { NightlyReorderInput, ReorderActivities } from './purchasing.contract.js';

const reorder = proxyActivities<ReorderActivities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute', maximumAttempts: 10 },
});

/**
 * The nightly reorder run of one tenant (started by its Temporal schedule): drafts each store's reorder purchase
 * orders for the tenant's business day. Each store's drafting claims its day, so a run repeated, or a store retried
 * after a crash, drafts nothing twice.
 */
export async function nightlyReorder(input: NightlyReorderInput): Promise<Array<{ storeId: string; date: string; created: number }>> {
  const results = [];
  for (const storeId of await reorder.reorderStoreIds({ tenantId: input.tenantId }))
    results.push({ storeId, ...(await reorder.draftReorderForStore({ tenantId: input.tenantId, storeId })) });
  return results;
}
