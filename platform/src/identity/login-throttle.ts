import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Problem } from '../common/problem.js';

/**
 * Guessing passwords gets slower, then stops: every failure delays the answer a little more, and the fifth failure
 * in a row locks the account for 15 minutes, doubling with each further lock up to a day. A success resets it.
 * The per-IP rate limit (rate-limiter.ts) separately stops one client trying many accounts.
 */
export const LOCKOUT_AFTER_FAILURES = 5;
const FIRST_LOCK_SECONDS = 15 * 60;
const MAX_LOCK_SECONDS = 24 * 3600;
const DELAY_PER_FAILURE_MS = 200;
const MAX_DELAY_MS = 1000;

export interface ThrottleState {
  failed_login_count: number;
  locked_until: Date | null;
}

export function assertNotLocked(state: ThrottleState): void {
  if (!state.locked_until) return;
  const remaining = Math.ceil((new Date(state.locked_until).getTime() - Date.now()) / 1000);
  if (remaining > 0) {
    throw Problem.locked(
      `Too many failed sign-ins. This account is locked for ${Math.ceil(remaining / 60)} more minute(s); an administrator can unlock it sooner.`,
      remaining,
    );
  }
}

/** Counts a failed attempt (atomically, so parallel guesses all count) and waits before the caller answers. */
export async function recordFailedLogin(em: EntityManager, table: string, id: string): Promise<void> {
  const [row] = await em.execute<{ failed_login_count: number }[]>(
    `update ${table} set failed_login_count = failed_login_count + 1,
       locked_until = case when failed_login_count + 1 >= ${LOCKOUT_AFTER_FAILURES}
         then now() + make_interval(secs => least(${MAX_LOCK_SECONDS}, ${FIRST_LOCK_SECONDS} * power(2, (failed_login_count + 1 - ${LOCKOUT_AFTER_FAILURES}) / ${LOCKOUT_AFTER_FAILURES})))
         else locked_until end
     where id = ? returning failed_login_count`,
    [id],
  );
  await sleep(Math.min(MAX_DELAY_MS, DELAY_PER_FAILURE_MS * (row?.failed_login_count ?? 1)));
}

export async function recordSuccessfulLogin(em: EntityManager, table: string, id: string): Promise<void> {
  await em.execute(
    `update ${table} set failed_login_count = 0, locked_until = null where id = ? and (failed_login_count > 0 or locked_until is not null)`,
    [id],
  );
}
