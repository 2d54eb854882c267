import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Problem } from '../common/problem.js';

export const REFRESH_TOKEN_TTL_SECONDS = 30 * 24 * 3600;

/** Where one kind of principal keeps its sessions: tenant staff in their tenant schema, operators in `public`. */
export interface SessionTables {
  session: string;
  token: string;
}

export interface SessionMeta {
  ip?: string;
  userAgent?: string;
}

export interface IssuedSession {
  sessionId: string;
  refreshToken: string;
}

function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/**
 * A session is a family of rotating refresh tokens. Each refresh spends the presented token and issues the next;
 * presenting a spent token means it was copied, so the whole family is revoked (OAuth 2.0 Security BCP §4.14).
 * Only SHA-256 hashes of tokens are stored.
 */
export class SessionStore {
  constructor(private readonly tables: SessionTables) {}

  async start(em: EntityManager, principalId: string, meta: SessionMeta): Promise<IssuedSession> {
    const sessionId = randomUUID();
    await em.execute(`insert into ${this.tables.session} (id, principal_id, ip, user_agent) values (?, ?, ?, ?)`, [
      sessionId,
      principalId,
      meta.ip ?? null,
      meta.userAgent?.slice(0, 400) ?? null,
    ]);
    return { sessionId, refreshToken: await this.issueToken(em, sessionId) };
  }

  /** Spends a refresh token and returns the next one of its family, or refuses (revoking the family on reuse). */
  async rotate(em: EntityManager, refreshToken: string): Promise<IssuedSession & { principalId: string }> {
    const outcome = await em.transactional(async (tx) => {
      const [row] = await tx.execute<
        { id: string; session_id: string; expires_at: Date; used_at: Date | null; principal_id: string; revoked_at: Date | null }[]
      >(
        `select t.id, t.session_id, t.expires_at, t.used_at, s.principal_id, s.revoked_at
         from ${this.tables.token} t join ${this.tables.session} s on s.id = t.session_id
         where t.token_hash = ? for update of t, s`,
        [hashToken(refreshToken)],
      );
      if (!row) return { error: Problem.unauthorized('This refresh token is not recognised; sign in again.', 'invalid-refresh-token') };
      if (row.revoked_at) return { error: Problem.unauthorized('This session has ended; sign in again.', 'session-revoked') };
      if (row.used_at) {
        await this.revokeInTx(tx, row.session_id, 'refresh_token_reuse');
        return {
          error: Problem.unauthorized(
            'This refresh token was already used, so it may have been stolen. The session has been ended everywhere; sign in again.',
            'refresh-token-reused',
          ),
        };
      }
      if (new Date(row.expires_at).getTime() <= Date.now()) {
        return { error: Problem.unauthorized('This session has expired; sign in again.', 'session-expired') };
      }
      await tx.execute(`update ${this.tables.token} set used_at = now() where id = ?`, [row.id]);
      return { sessionId: row.session_id, principalId: row.principal_id, refreshToken: await this.issueToken(tx, row.session_id) };
    });
    // Thrown after the transaction so a reuse revocation is committed, not rolled back with the error.
    if ('error' in outcome) throw outcome.error;
    return outcome;
  }

  async revoke(em: EntityManager, sessionId: string, reason: string): Promise<void> {
    await this.revokeInTx(em, sessionId, reason);
  }

  async revokeAllFor(em: EntityManager, principalId: string, reason: string, exceptSessionId?: string): Promise<void> {
    await em.execute(
      `update ${this.tables.session} set revoked_at = now(), revoke_reason = ? where principal_id = ? and revoked_at is null and id <> ?`,
      [reason, principalId, exceptSessionId ?? '00000000-0000-0000-0000-000000000000'],
    );
  }

  async findSessionByToken(em: EntityManager, refreshToken: string): Promise<{ sessionId: string; principalId: string } | undefined> {
    const [row] = await em.execute<{ session_id: string; principal_id: string }[]>(
      `select t.session_id, s.principal_id from ${this.tables.token} t join ${this.tables.session} s on s.id = t.session_id where t.token_hash = ?`,
      [hashToken(refreshToken)],
    );
    return row ? { sessionId: row.session_id, principalId: row.principal_id } : undefined;
  }

  private async revokeInTx(em: EntityManager, sessionId: string, reason: string): Promise<void> {
    await em.execute(`update ${this.tables.session} set revoked_at = now(), revoke_reason = ? where id = ? and revoked_at is null`, [
      reason,
      sessionId,
    ]);
  }

  private async issueToken(em: EntityManager, sessionId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await em.execute(
      `insert into ${this.tables.token} (id, session_id, token_hash, expires_at) values (?, ?, ?, now() + make_interval(secs => ?))`,
      [randomUUID(), sessionId, hashToken(token), REFRESH_TOKEN_TTL_SECONDS],
    );
    return token;
  }
}
