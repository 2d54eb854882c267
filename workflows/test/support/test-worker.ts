import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { workflowsPath } from '../../src/index.js';

export interface TestWorker {
  client: Client;
  /** A queue of its own, so this file's worker never takes another file's workflows. */
  taskQueue: string;
  stop(): Promise<void>;
}

/**
 * Every Dawa workflow on the suite's real Temporal server (`TEMPORAL_ADDRESS`, set by `npm test`), with the given
 * (faked) activities, and a client to start and signal workflows with.
 */
export async function startTestWorker(activities: object): Promise<TestWorker> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set: run the suite with `npm test`.');
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  const taskQueue = `workflows-test-${randomBytes(6).toString('hex')}`;
  // Failures the tests cause on purpose: keep the SDK's warnings about them out of the test output.
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const connection = await Connection.connect({ address });
  const nativeConnection = await NativeConnection.connect({ address });
  const worker = await Worker.create({ connection: nativeConnection, namespace, taskQueue, workflowsPath, activities });
  const running = worker.run();
  return {
    client: new Client({ connection, namespace }),
    taskQueue,
    async stop() {
      worker.shutdown();
      await running;
      await nativeConnection.close();
      await connection.close();
    },
  };
}
