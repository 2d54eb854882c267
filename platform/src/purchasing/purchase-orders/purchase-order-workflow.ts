import { Injectable, Logger } from '@nestjs/common';
import {
  purchaseOrderChangedSignal,
  purchaseOrderProgressQuery,
  type PurchaseOrderProgress,
  type PurchaseOrderWorkflowInput,
} from '@dawa/workflows';
import type { TenantScope } from '../../common/tenant-scope.js';
import { ident } from '../../database/sql.js';
import { startMissing } from '../../workflows-runtime/start-missing.js';
import { TenantWorkflows } from '../../workflows-runtime/tenant-workflows.service.js';

/**
 * Tells a purchase order's workflow that its order changed (submitted, approved, goods received, invoice recorded or
 * approved), starting the workflow if it is not running: submitting starts it, and an order whose workflow was lost
 * is picked up again at its next change. The change itself is already committed, so a Temporal outage does not undo
 * or refuse it: the failure is logged and the next change (or a manual send) carries the order on, or the recovery
 * sweep does when the lost call was the one that would have started the workflow (`workflow_at` still null).
 */
@Injectable()
export class PurchaseOrderWorkflow {
  private readonly logger = new Logger(PurchaseOrderWorkflow.name);

  constructor(private readonly workflows: TenantWorkflows) {}

  /** Whether the workflow heard of the change; the first time it does, the order records that its workflow runs. */
  async changed(scope: TenantScope, purchaseOrderId: string): Promise<boolean> {
    const input: PurchaseOrderWorkflowInput = { tenantId: scope.tenant.id, purchaseOrderId };
    try {
      await this.workflows.signalWithStart(scope, 'purchase-order', purchaseOrderId, 'purchaseOrder', [input], purchaseOrderChangedSignal);
    } catch (error) {
      this.logger.error(`Could not signal the workflow of purchase order ${purchaseOrderId}: ${(error as Error).message}`);
      return false;
    }
    await scope.em.execute(
      `update ${ident(scope.tenant.schemaName)}.purchase_order set workflow_at = now() where id = ? and workflow_at is null and status <> 'draft'`,
      [purchaseOrderId],
    );
    return true;
  }

  /** Starts the workflows of submitted orders whose start was lost (Temporal unreachable at submit, no change since). */
  async recover(scope: TenantScope): Promise<number> {
    const missing = await scope.em.execute<{ id: string }[]>(
      `select id from ${ident(scope.tenant.schemaName)}.purchase_order
       where workflow_at is null and status in ('pending_approval', 'approved', 'sent', 'partially_received', 'received')
       order by submitted_at limit 500`,
    );
    return startMissing(
      missing.map((row) => row.id),
      (id) => this.changed(scope, id),
    );
  }

  progress(scope: TenantScope, purchaseOrderId: string): Promise<PurchaseOrderProgress> {
    return this.workflows.query(scope, this.workflows.workflowId(scope, 'purchase-order', purchaseOrderId), purchaseOrderProgressQuery);
  }
}
