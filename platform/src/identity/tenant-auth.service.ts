import { Inject, Injectable } from '@nestjs/common';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import { isRoleName, type RoleName } from '../access/roles.js';
import type { Actor } from '../access/actor.js';
import { AuditService } from '../audit/audit.service.js';
import { Problem } from '../common/problem.js';
import type { TenantScope } from '../common/tenant-scope.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import { ident } from '../database/sql.js';
import type { TenantRef } from '../tenancy/tenant-ref.js';
import { ACCESS_TOKEN_TTL_SECONDS, AccessTokens } from './access-tokens.js';
import { assertNotLocked, recordFailedLogin, recordSuccessfulLogin } from './login-throttle.js';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.js';
import { SessionStore, type SessionMeta } from './session-store.js';
import { generateTotpSecret, otpauthUrl, verifyTotp } from './totp.js';
import type { LoginInput } from './auth.schemas.js';

interface UserAuthRow {
  id: string;
  email: string;
  name: string;
  status: string;
  password_hash: string;
  mfa_secret: string | null;
  mfa_enabled_at: Date | null;
  failed_login_count: number;
  locked_until: Date | null;
  roles: string[];
  store_ids: string[];
}

export interface SessionPrincipal {
  actor: Actor;
  mfaPending: boolean;
}

const ADMIN_ROLES: RoleName[] = ['owner', 'admin'];

/** Sign-in, token refresh, sign-out and MFA for a tenant's staff. */
@Injectable()
export class TenantAuthService {
  constructor(
    private readonly orm: MikroORM,
    private readonly tokens: AccessTokens,
    private readonly audit: AuditService,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
  ) {}

  private sessions(tenant: TenantRef): SessionStore {
    const s = ident(tenant.schemaName);
    return new SessionStore({ session: `${s}.auth_session`, token: `${s}.refresh_token` });
  }

  private em(tenant: TenantRef): EntityManager {
    return this.orm.em.fork({ schema: tenant.schemaName });
  }

  async login(tenant: TenantRef, input: LoginInput, meta: SessionMeta & { requestId: string }) {
    const em = this.em(tenant);
    const s = ident(tenant.schemaName);
    const [user] = await em.execute<UserAuthRow[]>(
      `select u.id, u.email, u.name, u.status, u.password_hash, u.mfa_secret, u.mfa_enabled_at, u.failed_login_count, u.locked_until,
         array(select role_name from ${s}.user_role where user_id = u.id order by role_name) as roles,
         array(select store_id::text from ${s}.user_store where user_id = u.id order by store_id) as store_ids
       from ${s}.app_user u where lower(u.email) = ?`,
      [input.email],
    );
    const invalid = Problem.unauthorized('The email or password is not correct.', 'invalid-credentials');
    if (!user) {
      await burnPasswordCheck(input.password);
      throw invalid;
    }
    assertNotLocked(user);
    const scope: TenantScope = {
      tenant,
      em,
      auditActor: { type: 'user', id: user.id, label: user.email },
      ip: meta.ip,
      requestId: meta.requestId,
    };
    if (!(await verifyPassword(user.password_hash, input.password))) {
      await recordFailedLogin(em, `${s}.app_user`, user.id);
      await this.audit.record(scope, { action: 'auth.login_failed', entityType: 'User', entityId: user.id, after: { reason: 'password' } });
      throw invalid;
    }
    if (user.status !== 'active') throw Problem.forbidden('This account is disabled. Ask your administrator.', 'account-disabled');
    if (user.mfa_enabled_at) {
      if (!input.totp) throw Problem.unauthorized('Enter the 6-digit code from your authenticator app.', 'mfa-required');
      const secret = this.cipher.decrypt(user.mfa_secret!, `mfa:${user.id}`);
      if (!verifyTotp(secret, input.totp)) {
        await recordFailedLogin(em, `${s}.app_user`, user.id);
        await this.audit.record(scope, { action: 'auth.login_failed', entityType: 'User', entityId: user.id, after: { reason: 'totp' } });
        throw Problem.unauthorized('That authenticator code is not correct.', 'invalid-totp');
      }
    }
    const roles = user.roles.filter(isRoleName);
    const mfaPending = !user.mfa_enabled_at && Boolean(tenant.settings.mfaRequiredForAdmins) && roles.some((r) => ADMIN_ROLES.includes(r));
    const session = await em.transactional(async (tx) => {
      await recordSuccessfulLogin(tx, `${s}.app_user`, user.id);
      const issued = await this.sessions(tenant).start(tx, user.id, meta);
      await this.audit.record(
        { ...scope, em: tx },
        {
          action: 'auth.login',
          entityType: 'User',
          entityId: user.id,
          after: { sessionId: issued.sessionId, mfa: Boolean(user.mfa_enabled_at) },
        },
      );
      return issued;
    });
    const accessToken = await this.tokens.sign('dawa:tenant', { sub: user.id, sid: session.sessionId, tid: tenant.id });
    return {
      accessToken,
      refreshToken: session.refreshToken,
      expiresIn: ACCESS_TOKEN_TTL_SECONDS,
      user: { id: user.id, email: user.email, name: user.name, roles, storeIds: user.store_ids },
      ...(mfaPending ? { mfaEnrolmentRequired: true } : {}),
    };
  }

  async refresh(tenant: TenantRef, refreshToken: string) {
    const em = this.em(tenant);
    const rotated = await this.sessions(tenant).rotate(em, refreshToken);
    const principal = await this.principal(tenant, rotated.principalId, rotated.sessionId);
    if (!principal) throw Problem.unauthorized('This account can no longer sign in.', 'session-revoked');
    const accessToken = await this.tokens.sign('dawa:tenant', { sub: principal.actor.id, sid: rotated.sessionId, tid: tenant.id });
    return { accessToken, refreshToken: rotated.refreshToken, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
  }

  async logout(scope: TenantScope, sessionId: string): Promise<void> {
    await scope.em.transactional(async (tx) => {
      await this.sessions(scope.tenant).revoke(tx, sessionId, 'logout');
      await this.audit.record(
        { ...scope, em: tx },
        { action: 'auth.logout', entityType: 'User', entityId: scope.actor?.id ?? null, after: { sessionId } },
      );
    });
  }

  /**
   * The user behind a live session, with their current roles and stores: loaded per request so a disabled account,
   * a revoked session or a changed store assignment takes effect at once, not when the token expires.
   */
  async principal(tenant: TenantRef, userId: string, sessionId: string): Promise<SessionPrincipal | undefined> {
    const s = ident(tenant.schemaName);
    const [row] = await this.em(tenant).execute<
      { id: string; email: string; name: string; mfa_enabled_at: Date | null; roles: string[]; store_ids: string[] }[]
    >(
      `select u.id, u.email, u.name, u.mfa_enabled_at,
         array(select role_name from ${s}.user_role where user_id = u.id order by role_name) as roles,
         array(select store_id::text from ${s}.user_store where user_id = u.id order by store_id) as store_ids
       from ${s}.auth_session ss join ${s}.app_user u on u.id = ss.principal_id
       where ss.id = ? and u.id = ? and ss.revoked_at is null and u.status = 'active'`,
      [sessionId, userId],
    );
    if (!row) return undefined;
    const roles = row.roles.filter(isRoleName);
    return {
      actor: { id: row.id, email: row.email, name: row.name, roles, storeIds: row.store_ids },
      mfaPending: !row.mfa_enabled_at && Boolean(tenant.settings.mfaRequiredForAdmins) && roles.some((r) => ADMIN_ROLES.includes(r)),
    };
  }

  async changePassword(scope: TenantScope, sessionId: string, currentPassword: string, newPassword: string): Promise<void> {
    const s = ident(scope.tenant.schemaName);
    const userId = scope.actor!.id;
    const [row] = await scope.em.execute<{ password_hash: string }[]>(`select password_hash from ${s}.app_user where id = ?`, [userId]);
    if (!row || !(await verifyPassword(row.password_hash, currentPassword))) {
      throw Problem.validation([{ field: 'currentPassword', message: 'is not your current password' }]);
    }
    if (currentPassword === newPassword)
      throw Problem.validation([{ field: 'newPassword', message: 'must differ from the current password' }]);
    const hash = await hashPassword(newPassword);
    await scope.em.transactional(async (tx) => {
      await tx.execute(`update ${s}.app_user set password_hash = ?, password_changed_at = now(), updated_at = now() where id = ?`, [
        hash,
        userId,
      ]);
      // Other devices signed in with the old password are signed out; this one stays.
      await this.sessions(scope.tenant).revokeAllFor(tx, userId, 'password_changed', sessionId);
      await this.audit.record({ ...scope, em: tx }, { action: 'auth.password_changed', entityType: 'User', entityId: userId });
    });
  }

  async enrolMfa(scope: TenantScope) {
    const s = ident(scope.tenant.schemaName);
    const userId = scope.actor!.id;
    const [row] = await scope.em.execute<{ mfa_enabled_at: Date | null }[]>(`select mfa_enabled_at from ${s}.app_user where id = ?`, [
      userId,
    ]);
    if (row?.mfa_enabled_at) throw Problem.conflict('Two-step sign-in is already on for this account.', 'mfa-already-enabled');
    const secret = generateTotpSecret();
    await scope.em.execute(`update ${s}.app_user set mfa_secret = ? where id = ?`, [this.cipher.encrypt(secret, `mfa:${userId}`), userId]);
    return { secret, otpauthUrl: otpauthUrl(secret, scope.actor!.email, `Dawa ${scope.tenant.name}`) };
  }

  async verifyMfa(scope: TenantScope, code: string) {
    const s = ident(scope.tenant.schemaName);
    const userId = scope.actor!.id;
    const [row] = await scope.em.execute<{ mfa_secret: string | null; mfa_enabled_at: Date | null }[]>(
      `select mfa_secret, mfa_enabled_at from ${s}.app_user where id = ?`,
      [userId],
    );
    if (!row?.mfa_secret) throw Problem.conflict('Start enrolment first (POST /api/v1/auth/mfa/enrol).', 'mfa-not-enrolling');
    if (row.mfa_enabled_at) throw Problem.conflict('Two-step sign-in is already on for this account.', 'mfa-already-enabled');
    if (!verifyTotp(this.cipher.decrypt(row.mfa_secret, `mfa:${userId}`), code)) {
      throw Problem.validation([{ field: 'code', message: 'is not the current code; check the time on your phone' }]);
    }
    await scope.em.transactional(async (tx) => {
      await tx.execute(`update ${s}.app_user set mfa_enabled_at = now() where id = ?`, [userId]);
      await this.audit.record({ ...scope, em: tx }, { action: 'auth.mfa_enabled', entityType: 'User', entityId: userId });
    });
    return { mfaEnabled: true };
  }
}
