import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { workflowsPath } from '../../src/index.js';

const provisionScript = fileURLToPath(new URL('../../../../scripts/provision-temporal-test-server.mjs', import.meta.url));

export interface TimeSkippingWorker {
  /** The server's clock: `env.sleep()` jumps it forward; awaiting a workflow's result skips to its next timer. */
  env: TestWorkflowEnvironment;
  client: Client;
  taskQueue: string;
  stop(): Promise<void>;
}

/**
 * The test server's executable, from scripts/provision-temporal-test-server.mjs: it prints the path, installing the
 * pinned server first when it is missing (.ci/run has done that already, so this costs a Node start).
 */
function temporalTestServer(): string {
  const result = spawnSync(process.execPath, [provisionScript], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const path = result.stdout?.trim();
  if (result.status !== 0 || !path || !existsSync(path)) throw new Error(`Temporal's test server could not be installed (see above)`);
  return path;
}

/**
 * Every Dawa workflow on a time-skipping Temporal test server of the test file's own (Temporal's Java test server,
 * from Maven Central), with the given (faked) activities. Time is global to the server, so a file's tests run one at a
 * time against it, which node's test runner does within a file.
 */
export async function startTimeSkippingWorker(activities: object): Promise<TimeSkippingWorker> {
  // The Java server does not advertise newer capabilities (heartbeat details kept on failure), which the SDK's core
  // warns about on every worker start; that is no finding of these tests.
  Runtime.install({ logger: new DefaultLogger('ERROR'), telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } } });
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: { type: 'existing-path', path: temporalTestServer() } },
  });
  const taskQueue = `time-skipping-${randomBytes(6).toString('hex')}`;
  const worker = await Worker.create({ connection: env.nativeConnection, namespace: env.namespace, taskQueue, workflowsPath, activities });
  const running = worker.run();
  return {
    env,
    client: env.client,
    taskQueue,
    async stop() {
      worker.shutdown();
      await running;
      await env.teardown();
    },
  };
}
