import type { TenantScope } from '../common/tenant-scope.js';

/** An outbox message as its handler receives it. */
export interface OutboxEvent<T = unknown> {
  id: string;
  topic: string;
  payload: T;
  /** How many times handling has started, this time included. */
  attempts: number;
  createdAt: Date;
}

/**
 * Handles one topic. Runs after the emitting transaction committed, outside any transaction, with a system scope in
 * the event's tenant (open your own `em.transactional`). Throwing retries later with exponential backoff; after the
 * topic's maxAttempts the event is parked for an admin to see and retry. Must be idempotent: a process that dies
 * after the work and before the acknowledgement gets the event again.
 */
export interface OutboxHandler<T = unknown> {
  handle(event: OutboxEvent<T>, scope: TenantScope): Promise<void>;
}

/** Thrown by a handler when retrying can never help: the event is parked at once. */
export class PermanentFailure extends Error {
  override readonly name = 'PermanentFailure';
}

export interface HandlerOptions {
  /** Attempts before the event is parked; 8 unless told (about 4 minutes of backoff in all). */
  maxAttempts?: number;
}
