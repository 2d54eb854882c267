import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Client } from '@temporalio/client';
import {
  purchaseOrderChangedSignal,
  purchaseOrderProgressQuery,
  tenantWorkflowId,
  type PurchaseOrderActivities,
  type PurchaseOrderFacts,
  type PurchaseOrderStage,
} from '../src/index.js';
import { startTestWorker } from './support/test-worker.js';

/**
 * The purchase-order workflow against the suite's real Temporal server, with the platform's activities faked by an
 * in-memory order: the approval wait, sending once, the receipt deadline cancelling what did not arrive, and closing
 * only once the invoice matched or its mismatch was approved.
 */
describe('purchaseOrder workflow', () => {
  const orders = new Map<string, PurchaseOrderFacts & { timeoutMs: number }>();
  const calls: string[] = [];
  let client: Client;
  let taskQueue: string;
  let stop: (() => Promise<void>) | undefined;

  const facts = (id: string): PurchaseOrderFacts => {
    const { timeoutMs: _timeout, ...rest } = orders.get(id)!;
    return { ...rest };
  };
  const activities: PurchaseOrderActivities = {
    async purchaseOrderFacts({ purchaseOrderId }) {
      calls.push(`facts:${purchaseOrderId}`);
      return facts(purchaseOrderId);
    },
    async sendPurchaseOrder({ purchaseOrderId }) {
      calls.push(`send:${purchaseOrderId}`);
      const order = orders.get(purchaseOrderId)!;
      if (order.status === 'approved')
        Object.assign(order, { status: 'sent', receiptDeadline: new Date(Date.now() + order.timeoutMs).toISOString() });
      return facts(purchaseOrderId);
    },
    async cancelUnreceivedLines({ purchaseOrderId }) {
      calls.push(`cancel:${purchaseOrderId}`);
      const order = orders.get(purchaseOrderId)!;
      if (order.status === 'sent') order.status = 'cancelled';
      if (order.status === 'partially_received') order.status = 'received';
      return facts(purchaseOrderId);
    },
    async closePurchaseOrder({ purchaseOrderId }) {
      calls.push(`close:${purchaseOrderId}`);
      orders.get(purchaseOrderId)!.status = 'closed';
      return facts(purchaseOrderId);
    },
  };

  before(async () => {
    ({ client, taskQueue, stop } = await startTestWorker(activities));
  });
  after(() => stop?.());

  function start(status: PurchaseOrderFacts['status'], timeoutMs = 60_000) {
    const id = randomUUID();
    orders.set(id, { status, invoiceMatch: null, receiptDeadline: null, timeoutMs });
    const tenantId = randomUUID();
    return {
      id,
      handle: client.workflow.start('purchaseOrder', {
        taskQueue,
        workflowId: tenantWorkflowId(tenantId, 'purchase-order', id),
        args: [{ tenantId, purchaseOrderId: id }],
      }),
    };
  }
  /** What people do through the API: change the order, then signal. */
  async function change(handle: Awaited<ReturnType<typeof start>['handle']>, id: string, update: Partial<PurchaseOrderFacts>) {
    Object.assign(orders.get(id)!, update);
    await handle.signal(purchaseOrderChangedSignal);
  }
  async function stage(handle: Awaited<ReturnType<typeof start>['handle']>, expected: PurchaseOrderStage) {
    for (let i = 0; i < 200; i++) {
      if ((await handle.query(purchaseOrderProgressQuery)).stage === expected) return;
      await sleep(25);
    }
    assert.fail(`the workflow never reached ${expected}`);
  }
  const callsOf = (id: string) => calls.filter((c) => c.endsWith(id)).map((c) => c.split(':')[0]);

  it('waits for approval, sends once, waits for goods and the invoice, and closes', async () => {
    const { id, handle: started } = start('pending_approval');
    const handle = await started;
    await stage(handle, 'awaiting_approval');
    await handle.signal(purchaseOrderChangedSignal);
    await stage(handle, 'awaiting_approval');
    await change(handle, id, { status: 'approved' });
    await stage(handle, 'awaiting_goods');
    await change(handle, id, { status: 'partially_received' });
    await change(handle, id, { status: 'received' });
    await stage(handle, 'awaiting_invoice');
    await change(handle, id, { invoiceMatch: 'mismatch' });
    await sleep(200);
    assert.equal((await handle.query(purchaseOrderProgressQuery)).stage, 'awaiting_invoice', 'a mismatch waits for approval');
    await change(handle, id, { invoiceMatch: 'approved' });
    const result = await handle.result();
    assert.equal(result.status, 'closed');
    assert.deepEqual(
      callsOf(id).filter((c) => c !== 'facts'),
      ['send', 'close'],
    );
  });

  it('cancels what did not arrive when the receipt deadline passes', async () => {
    const { id, handle: started } = start('approved', 1500);
    const handle = await started;
    await stage(handle, 'awaiting_goods');
    await change(handle, id, { status: 'partially_received' });
    await stage(handle, 'awaiting_invoice');
    assert.deepEqual(
      callsOf(id).filter((c) => c !== 'facts'),
      ['send', 'cancel'],
    );
    await change(handle, id, { invoiceMatch: 'matched' });
    assert.equal((await handle.result()).status, 'closed');
  });

  it('ends when nothing arrived before the deadline', async () => {
    const { handle: started } = start('approved', 500);
    assert.equal((await (await started).result()).status, 'cancelled');
  });
});
