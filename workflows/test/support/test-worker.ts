import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { workflowsPath } from '../../src/index.js';

export interface TestWorker {
  client: Client;
  /** A queue of this worker's own, so test files sharing the suite's server never run each other's workflows. */
  taskQueue: string;
  stop(): Promise<void>;
}

/**
 * Runs Dawa's workflows against the suite's real Temporal server (`npm test` sets TEMPORAL_ADDRESS) with activities the
 * test fakes. The failures tests provoke are on purpose: the SDK's warnings about them stay out of the output.
 */
export async function startTestWorker(activities: object): Promise<TestWorker> {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEMPORAL_ADDRESS is not set: run the suite with `npm test`.');
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  const taskQueue = `workflows-test-${randomBytes(6).toString('hex')}`;
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
