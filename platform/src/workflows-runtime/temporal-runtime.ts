import { Client, Connection } from '@temporalio/client';
import type { TemporalTarget } from './temporal-target.js';

/**
 * The process's Temporal client. The connection is lazy: the API boots while Temporal is down (readiness reports it)
 * and connects on first use.
 */
export class TemporalRuntime {
  readonly client: Client;
  private readonly connection: Connection;

  constructor(readonly target: TemporalTarget) {
    this.connection = Connection.lazy({ address: target.address });
    this.client = new Client({ connection: this.connection, namespace: target.namespace });
  }

  get taskQueue(): string {
    return this.target.taskQueue;
  }

  /** Answers when the frontend serves this namespace (for /health/ready). */
  async ping(): Promise<void> {
    await this.connection.workflowService.describeNamespace({ namespace: this.target.namespace });
  }

  async close(): Promise<void> {
    await this.connection.close();
  }
}
