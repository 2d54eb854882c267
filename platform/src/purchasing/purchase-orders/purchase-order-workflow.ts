import { Injectable, Logger } from '@nestjs/common';
import {
  purchaseOrderChangedSignal,
  purchaseOrderProgressQuery,
  type PurchaseOrderProgress,
  type PurchaseOrderWorkflowInput,
} from '@dawa/workflows';
import type { TenantScope } from '../../common/tenant-scope.js';
import { TenantWorkflows } from '../../workflows-runtime/tenant-workflows.service.js';

/**
 * Tells a purchase order's workflow that its order changed (submitted, approved, goods received, invoice recorded or
 * approved), starting the workflow if it is not running: submitting starts it, and an order whose workflow was lost
 * is picked up again at its next change. The change itself is already committed, so a Temporal outage does not undo
 * or refuse it: the failure is logged and the next change (or a manual send) carries the order on.
 */
@Injectable()
export class PurchaseOrderWorkflow {
  private readonly logger = new Logger(PurchaseOrderWorkflow.name);

  constructor(private readonly workflows: TenantWorkflows) {}

  async changed(scope: TenantScope, purchaseOrderId: string): Promise<void> {
    const input: PurchaseOrderWorkflowInput = { tenantId: scope.tenant.id, purchaseOrderId };
    try {
      await this.workflows.signalWithStart(scope, 'purchase-order', purchaseOrderId, 'purchaseOrder', [input], purchaseOrderChangedSignal);
    } catch (error) {
      this.logger.error(`Could not signal the workflow of purchase order ${purchaseOrderId}: ${(error as Error).message}`);
    }
  }

  progress(scope: TenantScope, purchaseOrderId: string): Promise<PurchaseOrderProgress> {
    return this.workflows.query(scope, this.workflows.workflowId(scope, 'purchase-order', purchaseOrderId), purchaseOrderProgressQuery);
  }
}
