import { Injectable } from '@nestjs/common';
import type { TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';

export interface OutboxMessage<T = unknown> {
  topic: string;
  payload: T;
  /** Emitting the same (topic, dedupeKey) again is ignored: a retried request does not notify twice. */
  dedupeKey?: string;
  /** Not before this time (a reminder, a digest). */
  availableAt?: Date;
}

/** The channel the dispatcher listens on; the payload is the tenant id. */
export const OUTBOX_CHANNEL = 'dawa_outbox';

/** Records what should happen after a write, in the write's own transaction. */
@Injectable()
export class OutboxService {
  /**
   * `scope.em` must be the transaction's EntityManager: the messages exist only if that transaction commits, and the
   * dispatcher is woken by a NOTIFY that PostgreSQL delivers only on commit.
   */
  async emit(scope: TenantScope, messages: OutboxMessage | readonly OutboxMessage[]): Promise<void> {
    const list = Array.isArray(messages) ? (messages as readonly OutboxMessage[]) : [messages as OutboxMessage];
    if (!list.length) return;
    const rows = list.map(() => '(?, ?::jsonb, ?, coalesce(?::timestamptz, now()))').join(', ');
    const params = list.flatMap((m) => [m.topic, JSON.stringify(m.payload), m.dedupeKey ?? null, m.availableAt?.toISOString() ?? null]);
    await scope.em.execute(
      `insert into ${ident(scope.tenant.schemaName)}.outbox_event (topic, payload, dedupe_key, available_at) values ${rows}
       on conflict (topic, dedupe_key) where dedupe_key is not null do nothing`,
      params,
    );
    await scope.em.execute(`select pg_notify('${OUTBOX_CHANNEL}', ?)`, [scope.tenant.id]);
  }
}
