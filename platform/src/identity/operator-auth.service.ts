import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config/config.js';
import { Problem } from '../common/problem.js';
import type { OperatorIdentity } from '../common/request-context.js';
import { ACCESS_TOKEN_TTL_SECONDS, AccessTokens } from './access-tokens.js';
import { assertNotLocked, recordFailedLogin, recordSuccessfulLogin } from './login-throttle.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.js';
import { SessionStore, type SessionMeta } from './session-store.js';

const sessions = new SessionStore({ session: 'public.operator_session', token: 'public.operator_refresh_token' });

/** Platform operators: a separate table, separate sessions and a separate token audience from any tenant's staff. */
@Injectable()
export class OperatorAuthService {
  private readonly logger = new Logger('OperatorAuth');

  constructor(
    private readonly orm: MikroORM,
    private readonly tokens: AccessTokens,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  /** Creates the first operator from DAWA_OPERATOR_EMAIL / DAWA_OPERATOR_PASSWORD when they do not exist yet. */
  async ensureBootstrapOperator(): Promise<void> {
    const { DAWA_OPERATOR_EMAIL: email, DAWA_OPERATOR_PASSWORD: password } = this.config.env;
    if (!email || !password) return;
    const em = this.orm.em.fork();
    const [existing] = await em.execute<{ id: string }[]>('select id from public.operator where lower(email) = lower(?)', [email]);
    if (existing) return;
    await em.execute('insert into public.operator (id, email, name, password_hash) values (?, ?, ?, ?) on conflict do nothing', [
      randomUUID(),
      email.toLowerCase(),
      'Platform operator',
      await hashPassword(password),
    ]);
    this.logger.log(`Created platform operator ${email}`);
  }

  async login(email: string, password: string, meta: SessionMeta) {
    const em = this.orm.em.fork();
    const [operator] = await em.execute<
      {
        id: string;
        email: string;
        name: string;
        status: string;
        password_hash: string;
        failed_login_count: number;
        locked_until: Date | null;
      }[]
    >('select id, email, name, status, password_hash, failed_login_count, locked_until from public.operator where lower(email) = ?', [
      email,
    ]);
    const invalid = Problem.unauthorized('The email or password is not correct.', 'invalid-credentials');
    if (!operator) {
      await burnPasswordCheck(password);
      throw invalid;
    }
    assertNotLocked(operator);
    if (!(await verifyPassword(operator.password_hash, password))) {
      await recordFailedLogin(em, 'public.operator', operator.id);
      throw invalid;
    }
    if (operator.status !== 'active') throw Problem.forbidden('This operator account is disabled.', 'account-disabled');
    const session = await em.transactional(async (tx) => {
      await recordSuccessfulLogin(tx, 'public.operator', operator.id);
      return sessions.start(tx, operator.id, meta);
    });
    return {
      accessToken: await this.tokens.sign('dawa:platform', { sub: operator.id, sid: session.sessionId }),
      refreshToken: session.refreshToken,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    };
  }

  async refresh(refreshToken: string) {
    const rotated = await sessions.rotate(this.orm.em.fork(), refreshToken);
    if (!(await this.principal(rotated.principalId, rotated.sessionId)))
      throw Problem.unauthorized('This account can no longer sign in.', 'session-revoked');
    return {
      accessToken: await this.tokens.sign('dawa:platform', { sub: rotated.principalId, sid: rotated.sessionId }),
      refreshToken: rotated.refreshToken,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    };
  }

  async logout(sessionId: string): Promise<void> {
    await sessions.revoke(this.orm.em.fork(), sessionId, 'logout');
  }

  async principal(operatorId: string, sessionId: string): Promise<OperatorIdentity | undefined> {
    const [row] = await this.orm.em.fork().execute<OperatorIdentity[]>(
      `select o.id, o.email, o.name from public.operator_session s join public.operator o on o.id = s.principal_id
       where s.id = ? and o.id = ? and s.revoked_at is null and o.status = 'active'`,
      [sessionId, operatorId],
    );
    return row;
  }
}
