import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { ROLE_DESCRIPTIONS, ROLES, TENANT_WIDE_ROLES, type RoleName } from '../access/roles.js';
import { AuditService } from '../audit/audit.service.js';
import { likePattern, parseListQuery, searchText, uuidList, type ListSpec } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { assertCan, scopeWhere, withEm, type TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { hashPassword } from '../identity/passwords.js';
import { StoreEntity } from '../stores/store.entity.js';
import { RoleEntity } from './role.entity.js';
import { UserEntity, type User } from './user.entity.js';
import type { UserInput, UserUpdate } from './users.schemas.js';
import { assignableRoles } from './users.policy.js';

export const userListSpec: ListSpec = {
  sortable: { name: 'name', email: 'email', createdAt: 'createdAt', status: 'status' },
  defaultSort: ['name', 'ASC'],
  filters: ['q', 'id', 'role', 'storeId', 'status'],
};

export function userView(user: User) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    phone: user.phone ?? null,
    registrationNumber: user.registrationNumber ?? null,
    status: user.status,
    roles: user.roles.getIdentifiers() as RoleName[],
    storeIds: user.stores.getIdentifiers() as string[],
    mfaEnabled: Boolean(user.mfaEnabledAt),
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
  };
}

@Injectable()
export class UsersService {
  constructor(private readonly audit: AuditService) {}

  async list(scope: TenantScope, rawQuery: Record<string, unknown>) {
    const query = parseListQuery(rawQuery, userListSpec);
    const where: Record<string, unknown>[] = [scopeWhere(scope, 'read', 'User')];
    const ids = uuidList(query.filter, 'id');
    if (ids) where.push({ id: { $in: ids } });
    const q = searchText(query.filter);
    if (q) where.push({ $or: [{ name: { $ilike: likePattern(q) } }, { email: { $ilike: likePattern(q) } }] });
    if (typeof query.filter.role === 'string') where.push({ roles: { name: query.filter.role } });
    const storeIds = uuidList(query.filter, 'storeId');
    if (storeIds) where.push({ stores: { $in: storeIds } });
    if (typeof query.filter.status === 'string') where.push({ status: query.filter.status });
    const [rows, total] = await scope.em.findAndCount(
      UserEntity,
      { $and: where },
      {
        populate: ['roles', 'stores'],
        orderBy: [query.orderBy, { id: 'asc' }],
        limit: query.limit,
        offset: query.offset,
      },
    );
    return { query, rows: rows.map(userView), total };
  }

  /** The roles with what each lets its holder do, and which of them the caller may hand out. */
  roles(scope: TenantScope) {
    assertCan(scope, 'create', 'User');
    const assignable = scope.actor ? assignableRoles(scope.actor) : ROLES;
    return ROLES.map((name) => ({
      id: name,
      description: ROLE_DESCRIPTIONS[name],
      tenantWide: TENANT_WIDE_ROLES.includes(name),
      assignable: assignable.includes(name),
    }));
  }

  async get(scope: TenantScope, id: string) {
    return userView(await this.load(scope, id, 'read'));
  }

  async create(scope: TenantScope, input: UserInput) {
    assertCan(scope, 'create', 'User');
    this.assertMayAssign(scope, input.roles, input.storeIds);
    const passwordHash = await hashPassword(input.password);
    return this.write(scope, async (s) => {
      const user = s.em.create(UserEntity, {
        id: randomUUID(),
        email: input.email,
        name: input.name,
        phone: input.phone ?? null,
        registrationNumber: input.registrationNumber ?? null,
        passwordHash,
        status: 'active',
        failedLoginCount: 0,
        passwordChangedAt: new Date(),
      });
      await this.setRolesAndStores(s, user, input.roles, input.storeIds);
      await s.em.flush();
      const view = userView(user);
      await this.audit.record(s, { action: 'user.created', entityType: 'User', entityId: user.id, after: view });
      return view;
    });
  }

  async update(scope: TenantScope, id: string, input: UserUpdate) {
    const passwordHash = input.password ? await hashPassword(input.password) : undefined;
    return this.write(scope, async (s) => {
      const user = await this.load(s, id, 'update');
      const before = userView(user);
      this.assertMayManage(s, before.roles);
      const roles = input.roles ?? before.roles;
      const storeIds = input.storeIds ?? before.storeIds;
      if (input.roles || input.storeIds) this.assertMayAssign(s, roles, storeIds);
      if (s.actor?.id === id && input.status === 'disabled') throw Problem.unprocessable('You cannot disable your own account.');
      if (before.roles.includes('owner') && (!roles.includes('owner') || input.status === 'disabled')) await this.assertAnotherOwner(s, id);
      if (input.email) user.email = input.email;
      if (input.name) user.name = input.name;
      if (input.phone !== undefined) user.phone = input.phone;
      if (input.registrationNumber !== undefined) user.registrationNumber = input.registrationNumber;
      if (input.status) user.status = input.status;
      if (passwordHash) {
        user.passwordHash = passwordHash;
        user.passwordChangedAt = new Date();
      }
      if (input.roles || input.storeIds) await this.setRolesAndStores(s, user, roles, storeIds);
      await s.em.flush();
      if (passwordHash || input.status === 'disabled') {
        // A reset or disabled account must not stay signed in anywhere.
        await s.em.execute(
          `update ${ident(s.tenant.schemaName)}.auth_session set revoked_at = now(), revoke_reason = ? where principal_id = ? and revoked_at is null`,
          [passwordHash ? 'password_reset' : 'account_disabled', id],
        );
      }
      const after = userView(user);
      await this.audit.record(s, {
        action: passwordHash ? 'user.updated_with_password' : 'user.updated',
        entityType: 'User',
        entityId: id,
        before,
        after,
      });
      return after;
    });
  }

  async remove(scope: TenantScope, id: string) {
    return this.write(scope, async (s) => {
      const user = await this.load(s, id, 'delete');
      const before = userView(user);
      this.assertMayManage(s, before.roles);
      if (s.actor?.id === id) throw Problem.unprocessable('You cannot delete your own account.');
      if (before.roles.includes('owner')) await this.assertAnotherOwner(s, id);
      s.em.remove(user);
      await s.em.flush();
      await this.audit.record(s, { action: 'user.deleted', entityType: 'User', entityId: id, before });
      return before;
    });
  }

  private async load(scope: TenantScope, id: string, action: 'read' | 'update' | 'delete'): Promise<User> {
    const user = await scope.em.findOne(
      UserEntity,
      { $and: [{ id }, scopeWhere(scope, 'read', 'User')] },
      { populate: ['roles', 'stores'] },
    );
    if (!user) throw Problem.notFound('User');
    assertCan(scope, action, 'User', { id: user.id, stores: user.stores.getIdentifiers() });
    return user;
  }

  /** Nobody hands out more power than they hold, nor reaches stores that are not theirs. */
  private assertMayAssign(scope: TenantScope, roles: RoleName[], storeIds: string[]): void {
    const needsStore = roles.every((r) => !TENANT_WIDE_ROLES.includes(r));
    if (needsStore && storeIds.length === 0) {
      throw Problem.validation([{ field: 'storeIds', message: 'staff in store roles must be assigned to at least one store' }]);
    }
    if (!scope.actor) return;
    const allowed = assignableRoles(scope.actor);
    const refused = roles.filter((r) => !allowed.includes(r));
    if (refused.length) throw Problem.forbidden(`You cannot give the role(s) ${refused.join(', ')}.`);
    if (!scope.actor.roles.some((r) => TENANT_WIDE_ROLES.includes(r))) {
      const foreign = storeIds.filter((id) => !scope.actor!.storeIds.includes(id));
      if (foreign.length) throw Problem.forbidden('You can only assign staff to stores you manage.');
    }
  }

  private assertMayManage(scope: TenantScope, targetRoles: RoleName[]): void {
    if (!scope.actor) return;
    const allowed = assignableRoles(scope.actor);
    if (targetRoles.some((r) => !allowed.includes(r)))
      throw Problem.forbidden('This account holds a role above yours; you cannot change it.');
  }

  private async assertAnotherOwner(scope: TenantScope, exceptUserId: string): Promise<void> {
    const [{ count }] = await scope.em.execute<{ count: string }[]>(
      `select count(*) from ${ident(scope.tenant.schemaName)}.user_role r join ${ident(scope.tenant.schemaName)}.app_user u on u.id = r.user_id
       where r.role_name = 'owner' and u.status = 'active' and u.id <> ?`,
      [exceptUserId],
    );
    if (Number(count) === 0) throw Problem.conflict('A chain must keep at least one active owner.', 'last-owner');
  }

  private async setRolesAndStores(scope: TenantScope, user: User, roles: RoleName[], storeIds: string[]): Promise<void> {
    const uniqueStores = [...new Set(storeIds)];
    const stores = uniqueStores.length ? await scope.em.find(StoreEntity, { id: { $in: uniqueStores } }) : [];
    if (stores.length !== uniqueStores.length) {
      const known = new Set(stores.map((st) => st.id));
      throw Problem.validation([
        { field: 'storeIds', message: `unknown store(s): ${uniqueStores.filter((id) => !known.has(id)).join(', ')}` },
      ]);
    }
    user.roles.set([...new Set(roles)].map((name) => scope.em.getReference(RoleEntity, name)));
    user.stores.set(stores);
  }

  private async write<T>(scope: TenantScope, work: (scope: TenantScope) => Promise<T>): Promise<T> {
    try {
      return await scope.em.transactional((em) => work(withEm(scope, em)));
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException)
        throw Problem.conflict('Another account in this chain already uses this email.', 'email-taken', {
          errors: [{ field: 'email', message: 'is already used by another account in this chain' }],
        });
      throw error;
    }
  }
}
