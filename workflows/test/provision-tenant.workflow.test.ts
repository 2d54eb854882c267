import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import {
  PROVISIONING_ACTIVITY,
  PROVISIONING_STEPS,
  provisioningProgressQuery,
  retryProvisioningSignal,
  tenantWorkflowId,
  type ProvisioningActivities,
  type ProvisioningProgress,
  type ProvisioningStep,
} from '../src/index.js';
import { startTestWorker } from './support/test-worker.js';

/**
 * The provisioning workflow against the suite's real Temporal server, with activities faked in the test: the order of
 * the steps, the progress query, and resuming at the failed step after the retry signal.
 */
describe('provisionTenant workflow', () => {
  const calls: Array<{ step: ProvisioningStep; tenantId: string }> = [];
  /** Steps that fail (after their retries) until removed from here: the "cause" of a failure. */
  const broken = new Set<string>();
  let client: Client;
  let taskQueue: string;
  let stop: (() => Promise<void>) | undefined;

  const activities = Object.fromEntries(
    PROVISIONING_STEPS.map((step) => [
      PROVISIONING_ACTIVITY[step],
      async ({ tenantId }: { tenantId: string }) => {
        calls.push({ step, tenantId });
        if (broken.has(`${tenantId}:${step}`)) throw ApplicationFailure.nonRetryable(`${step} is broken`);
      },
    ]),
  ) as ProvisioningActivities;

  before(async () => {
    ({ client, taskQueue, stop } = await startTestWorker(activities));
  });
  after(() => stop?.());

  const start = (tenantId: string) =>
    client.workflow.start('provisionTenant', {
      taskQueue,
      workflowId: tenantWorkflowId(tenantId, 'provisioning', 'tenant'),
      args: [{ tenantId }],
    });

  async function progressUntil(handle: { query: (q: typeof provisioningProgressQuery) => Promise<ProvisioningProgress> }, status: string) {
    for (let i = 0; i < 200; i++) {
      const progress = await handle.query(provisioningProgressQuery);
      if (progress.status === status) return progress;
      await sleep(50);
    }
    assert.fail(`provisioning never reached ${status}`);
  }

  it('runs every step once, in order, for its own tenant, and reports them done', async () => {
    const tenantId = randomUUID();
    const handle = await start(tenantId);
    await handle.result();
    const mine = calls.filter((c) => c.tenantId === tenantId).map((c) => c.step);
    assert.deepEqual(mine, [...PROVISIONING_STEPS]);
    const progress = await handle.query(provisioningProgressQuery);
    assert.equal(progress.status, 'completed');
    assert.ok(progress.steps.every((s) => s.state === 'done'));
  });

  it('stops at a failed step, says why, and resumes there on the retry signal without repeating earlier steps', async () => {
    const tenantId = randomUUID();
    broken.add(`${tenantId}:owner`);
    const handle = await start(tenantId);
    const failed = await progressUntil(handle, 'failed');
    assert.deepEqual(
      failed.steps.map((s) => s.state),
      ['done', 'done', 'done', 'failed', 'pending', 'pending', 'pending', 'pending', 'pending', 'pending'],
    );
    assert.equal(failed.steps[3].error, 'owner is broken');

    // A retry while the cause is still there fails again, at the same step.
    const ownerAttempts = () => calls.filter((c) => c.tenantId === tenantId && c.step === 'owner').length;
    await handle.signal(retryProvisioningSignal);
    while (ownerAttempts() < 2) await sleep(20);
    assert.equal((await progressUntil(handle, 'failed')).steps[3].state, 'failed');

    broken.delete(`${tenantId}:owner`);
    await handle.signal(retryProvisioningSignal);
    await handle.result();
    const mine = calls.filter((c) => c.tenantId === tenantId).map((c) => c.step);
    assert.deepEqual(mine, [
      'schema',
      'migrations',
      'roles',
      'owner',
      'owner',
      'owner',
      'stores',
      'users',
      'plugins',
      'catalogue',
      'schedules',
      'activate',
    ]);
  });
});
