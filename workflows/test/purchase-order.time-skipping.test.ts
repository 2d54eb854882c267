import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Context } from '@temporalio/activity';
import type { WorkflowHandle } from '@temporalio/client';
import {
  DEFAULT_UNRECEIVED_CANCEL_AFTER_DAYS as UNRECEIVED_CANCEL_AFTER_DAYS,
  purchaseOrderChangedSignal,
  purchaseOrderProgressQuery,
  tenantWorkflowId,
  type PurchaseOrderActivities,
  type PurchaseOrderFacts,
  type PurchaseOrderStage,
} from '../src/index.js';
import { startTimeSkippingWorker, type TimeSkippingWorker } from './support/time-skipping.js';

const DAY = 24 * 60 * 60_000;

interface Line {
  product: string;
  ordered: number;
  received: number;
  cancelled: number;
}
interface Order extends PurchaseOrderFacts {
  lines: Line[];
  sentAt?: number;
  cancelledAt?: number;
}

/**
 * The purchase order's receipt deadline with a new tenant's real 14 days, on Temporal's time-skipping test server,
 * which jumps its clock over the fortnight instead of waiting it out. The platform's activities are faked by an
 * in-memory order with lines; sending stamps the deadline from the server's clock, as the platform stamps it from
 * the order's `sent_at`.
 */
describe('purchaseOrder workflow, real receipt deadline on a time-skipping server', () => {
  const orders = new Map<string, Order>();
  let worker: TimeSkippingWorker;

  const facts = (id: string): PurchaseOrderFacts => {
    const { status, invoiceMatch, receiptDeadline } = orders.get(id)!;
    return { status, invoiceMatch, receiptDeadline };
  };
  const serverNow = () => Context.current().info.currentAttemptScheduledTimestampMs;
  const activities: PurchaseOrderActivities = {
    async purchaseOrderFacts({ purchaseOrderId }) {
      return facts(purchaseOrderId);
    },
    async sendPurchaseOrder({ purchaseOrderId }) {
      const order = orders.get(purchaseOrderId)!;
      if (order.status === 'approved') {
        order.sentAt = serverNow();
        Object.assign(order, {
          status: 'sent',
          receiptDeadline: new Date(order.sentAt + UNRECEIVED_CANCEL_AFTER_DAYS * DAY).toISOString(),
        });
      }
      return facts(purchaseOrderId);
    },
    async cancelUnreceivedLines({ purchaseOrderId }) {
      const order = orders.get(purchaseOrderId)!;
      if (order.status === 'sent' || order.status === 'partially_received') {
        for (const line of order.lines) line.cancelled = line.ordered - line.received;
        order.cancelledAt = serverNow();
        order.status = order.lines.some((line) => line.received > 0) ? 'received' : 'cancelled';
      }
      return facts(purchaseOrderId);
    },
    async closePurchaseOrder({ purchaseOrderId }) {
      orders.get(purchaseOrderId)!.status = 'closed';
      return facts(purchaseOrderId);
    },
  };

  before(async () => {
    worker = await startTimeSkippingWorker(activities);
  });
  after(() => worker?.stop());

  async function submitApproved() {
    const id = randomUUID();
    const lines = [
      { product: 'amoxicillin 500 mg', ordered: 100, received: 0, cancelled: 0 },
      { product: 'paracetamol 500 mg', ordered: 200, received: 0, cancelled: 0 },
    ];
    orders.set(id, { status: 'approved', invoiceMatch: null, receiptDeadline: null, lines });
    const tenantId = randomUUID();
    const handle = await worker.client.workflow.start('purchaseOrder', {
      taskQueue: worker.taskQueue,
      workflowId: tenantWorkflowId(tenantId, 'purchase-order', id),
      args: [{ tenantId, purchaseOrderId: id }],
    });
    await stage(handle, 'awaiting_goods');
    return { id, handle, order: orders.get(id)! };
  }
  /** The workflow's stage once the activities a jump set off have run (they take real, not server, time). */
  async function stage(handle: WorkflowHandle, expected: PurchaseOrderStage) {
    for (const giveUp = Date.now() + 30_000; Date.now() < giveUp;) {
      if ((await handle.query(purchaseOrderProgressQuery)).stage === expected) return;
      await sleep(25);
    }
    assert.fail(`the workflow never reached ${expected}`);
  }
  const daysAfterSending = (order: Order) => (order.cancelledAt! - order.sentAt!) / DAY;

  it('cancels what had not arrived 14 days after sending, keeps what had, and goes on to the invoice', async () => {
    const { handle, order } = await submitApproved();
    await worker.env.sleep(3 * DAY);
    order.lines[0].received = 100;
    order.lines[1].received = 120;
    order.status = 'partially_received';
    await handle.signal(purchaseOrderChangedSignal);
    await worker.env.sleep(10 * DAY);
    assert.equal((await handle.query(purchaseOrderProgressQuery)).stage, 'awaiting_goods', 'day 13: still receiving');
    assert.deepEqual(
      order.lines.map((line) => line.cancelled),
      [0, 0],
    );

    await worker.env.sleep(2 * DAY);
    await stage(handle, 'awaiting_invoice');
    assert.deepEqual(
      order.lines.map(({ product, received, cancelled }) => ({ product, received, cancelled })),
      [
        { product: 'amoxicillin 500 mg', received: 100, cancelled: 0 },
        { product: 'paracetamol 500 mg', received: 120, cancelled: 80 },
      ],
    );
    assert.equal(order.status, 'received');
    assert.ok(
      Math.abs(daysAfterSending(order) - UNRECEIVED_CANCEL_AFTER_DAYS) < 1 / 24,
      `cancelled ${daysAfterSending(order)} days after sending`,
    );

    order.invoiceMatch = 'matched';
    await handle.signal(purchaseOrderChangedSignal);
    assert.equal((await handle.result()).status, 'closed');
  });

  it('cancels the whole order when nothing arrived within the 14 days', async () => {
    const { handle, order } = await submitApproved();
    const result = await handle.result();
    assert.equal(result.status, 'cancelled');
    assert.deepEqual(
      order.lines.map((line) => line.cancelled),
      [100, 200],
    );
    assert.ok(
      Math.abs(daysAfterSending(order) - UNRECEIVED_CANCEL_AFTER_DAYS) < 1 / 24,
      `cancelled ${daysAfterSending(order)} days after sending`,
    );
  });
});
