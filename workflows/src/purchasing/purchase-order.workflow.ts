import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import {
  purchaseOrderChangedSignal,
  purchaseOrderProgressQuery,
  type PurchaseOrderActivities,
  type PurchaseOrderFacts,
  type PurchaseOrderProgress,
  type PurchaseOrderWorkflowInput,
} from './purchasing.contract.js';

const orders = proxyActivities<PurchaseOrderActivities>({
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '10 seconds',
  retry: { initialInterval: '500 milliseconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * One purchase order from submission to its end: waits for a manager's approval (when the total needed one), sends
 * it to the supplier, waits for goods until the tenant's receipt deadline and then cancels what did not arrive, waits
 * for the supplier's invoice (and, for a mismatch, its approval) and closes the order. People act through the API,
 * which changes the database and then signals `purchaseOrderChanged`; the workflow re-reads the order each time, so a
 * lost or repeated signal only costs a read.
 */
export async function purchaseOrder(input: PurchaseOrderWorkflowInput): Promise<PurchaseOrderFacts> {
  const progress: PurchaseOrderProgress = { stage: 'awaiting_approval', facts: null };
  let changed = false;
  setHandler(purchaseOrderChangedSignal, () => {
    changed = true;
  });
  setHandler(purchaseOrderProgressQuery, () => progress);

  const facts = async (next?: Promise<PurchaseOrderFacts>) => {
    changed = false;
    progress.facts = await (next ?? orders.purchaseOrderFacts(input));
    return progress.facts;
  };
  /** Waits for a change (at most `timeoutMs`); true when there was one and the order was read again. */
  const changeWithin = async (timeoutMs?: number) => {
    if (timeoutMs === undefined) await condition(() => changed);
    else if (!(await condition(() => changed, timeoutMs))) return false;
    await facts();
    return true;
  };

  let order = await facts();
  while (order.status === 'draft' || order.status === 'pending_approval') {
    await changeWithin();
    order = progress.facts!;
  }
  if (order.status === 'approved') {
    progress.stage = 'sending';
    order = await facts(orders.sendPurchaseOrder(input));
  }
  progress.stage = 'awaiting_goods';
  while (order.status === 'sent' || order.status === 'partially_received') {
    const left = Date.parse(order.receiptDeadline!) - Date.now();
    if (left > 0 && (await changeWithin(left))) {
      order = progress.facts!;
      continue;
    }
    progress.stage = 'cancelling_unreceived';
    order = await facts(orders.cancelUnreceivedLines(input));
  }
  progress.stage = 'awaiting_invoice';
  while (order.status === 'received') {
    if (order.invoiceMatch === 'matched' || order.invoiceMatch === 'approved') {
      progress.stage = 'closing';
      order = await facts(orders.closePurchaseOrder(input));
      break;
    }
    await changeWithin();
    order = progress.facts!;
  }
  progress.stage = 'done';
  return order;
}
