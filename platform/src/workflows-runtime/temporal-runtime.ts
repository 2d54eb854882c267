import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import type { TemporalTarget } from './temporal-target.js';

/**
 * The process's Temporal client. The connection is lazy: the API boots while Temporal is down (readiness reports it)
 * and connects on first use.
 */
export class TemporalRuntime {
  readonly client: Client;
  private readonly connection: Connection;

  constructor(readonly target: TemporalTarget) {
    // An API request that needs Temporal while it is down fails within a second or so (503): a few quick retries ride
    // out a blip, where the SDK's default ten, backing off to seconds, would hold the request for ten seconds or more.
    this.connection = Connection.lazy({
      address: target.address,
      connectTimeout: '3 seconds',
      interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 4 }))],
    });
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
