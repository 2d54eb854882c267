import type { EntityManager } from '@mikro-orm/postgresql';
import { ident } from '../database/sql.js';

/**
 * How the handler of an inbox event records what became of it, in the same transaction as its effect: `processed`
 * (applied, or nothing left to do) or `refused` (verified, but it contradicts what Dawa recorded: wrong amount, wrong
 * phone). The outcome is a sentence for the admin view.
 */
export async function settleInboxEvent(
  em: EntityManager,
  schema: string,
  inboxId: string,
  status: 'processed' | 'refused',
  outcome: string,
): Promise<void> {
  await em.execute(
    `update ${ident(schema)}.webhook_inbox set status = ?, outcome = ?, processed_at = now(), attempts = attempts + 1, last_error = null
     where id = ?`,
    [status, outcome, inboxId],
  );
}

/** Records a failed attempt (the outbox retries it); kept on the row so the admin view shows why it is stuck. */
export async function recordInboxFailure(em: EntityManager, schema: string, inboxId: string, error: unknown): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  await em.execute(`update ${ident(schema)}.webhook_inbox set attempts = attempts + 1, last_error = ? where id = ?`, [
    message.slice(0, 500),
    inboxId,
  ]);
}
