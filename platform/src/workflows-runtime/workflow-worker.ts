import { DefaultLogger, NativeConnection, Runtime, Worker, type LogEntry } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { TemporalTarget } from './temporal-target.js';
import { workflowBundle } from './workflow-bundle.js';

export interface WorkflowWorkerHandle {
  /** Stops polling, lets running tasks finish briefly, and closes the connection. */
  stop(): Promise<void>;
}

let runtimeInstalled = false;

/** The SDK's core runtime is process-wide and can be configured once: its log lines go to the platform logger. */
function installRuntime(logger: Logger): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const forward = (entry: LogEntry) => {
    const level = entry.level === 'ERROR' ? 'error' : entry.level === 'WARN' ? 'warn' : 'debug';
    logger[level]({ component: 'temporal-worker', ...entry.meta }, entry.message);
  };
  Runtime.install({ logger: new DefaultLogger('WARN', forward) });
}

/** Runs a worker for every Dawa workflow and the given (already tenant-bound) activities on the target's task queue. */
export async function startWorkflowWorker(
  target: TemporalTarget,
  activities: Record<string, (...args: any[]) => Promise<unknown>>,
  logger: Logger,
): Promise<WorkflowWorkerHandle> {
  installRuntime(logger);
  const connection = await NativeConnection.connect({ address: target.address });
  try {
    const worker = await Worker.create({
      connection,
      namespace: target.namespace,
      taskQueue: target.taskQueue,
      workflowBundle: await workflowBundle(),
      activities,
      shutdownGraceTime: '5 seconds',
    });
    const running = worker.run().catch((error: unknown) => {
      logger.error({ err: error instanceof Error ? error.message : String(error) }, 'Temporal worker stopped with an error');
    });
    return {
      async stop() {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
        await connection.close();
      },
    };
  } catch (error) {
    await connection.close();
    throw error;
  }
}
