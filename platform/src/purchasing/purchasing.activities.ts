import { Injectable } from '@nestjs/common';
import type { PurchaseOrderActivityInput, PurchaseOrderFacts } from '@dawa/workflows';
import type { TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import type { TenantActivity } from '../workflows-runtime/tenant-activities.js';
import type { OrderView } from './purchase-orders/order-record.js';
import { PurchaseOrdersService } from './purchase-orders/purchase-orders.service.js';
import { purchasingSettings } from './purchasing-settings.js';
import { ReorderService } from './reorder/reorder.service.js';

const DAY_MS = 86_400_000;

/**
 * The purchasing activities the worker runs for the purchase-order workflow and the nightly reorder schedule. Each
 * calls the same service operation the API does, keyed by ids, so a retried activity finds its work done.
 */
@Injectable()
export class PurchasingActivities {
  constructor(
    private readonly orders: PurchaseOrdersService,
    private readonly reorder: ReorderService,
  ) {}

  activities(): Record<string, TenantActivity<any>> {
    const facts = (scope: TenantScope, order: OrderView): PurchaseOrderFacts => ({
      status: order.status,
      invoiceMatch: order.invoiceMatch,
      receiptDeadline: order.sentAt
        ? new Date(new Date(order.sentAt).getTime() + purchasingSettings(scope).unreceivedCancelAfterDays * DAY_MS).toISOString()
        : null,
    });
    return {
      purchaseOrderFacts: async (scope, input: PurchaseOrderActivityInput) =>
        facts(scope, await this.orders.get(scope, input.purchaseOrderId)),
      sendPurchaseOrder: async (scope, input: PurchaseOrderActivityInput) =>
        facts(scope, await this.orders.send(scope, input.purchaseOrderId)),
      cancelUnreceivedLines: async (scope, input: PurchaseOrderActivityInput) =>
        facts(scope, await this.orders.cancelUnreceived(scope, input.purchaseOrderId)),
      closePurchaseOrder: async (scope, input: PurchaseOrderActivityInput) =>
        facts(scope, await this.orders.close(scope, input.purchaseOrderId)),
      reorderStoreIds: async (scope) =>
        (await scope.em.execute<{ id: string }[]>(`select id from ${ident(scope.tenant.schemaName)}.store order by id`)).map((s) => s.id),
      draftReorderForStore: async (scope, input: { storeId: string }) => {
        const run = await this.reorder.draftReorderPurchaseOrders(scope, input.storeId);
        return { date: run.date, created: run.created.length };
      },
    };
  }
}
