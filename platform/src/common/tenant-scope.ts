import type { EntityManager } from '@mikro-orm/postgresql';
import type { AppAbility, Action, SubjectName } from '../access/ability.js';
import { asSubject } from '../access/ability.js';
import { accessibleWhere, type Where } from '../access/accessible-where.js';
import type { Actor } from '../access/actor.js';
import type { TenantRef } from '../tenancy/tenant-ref.js';
import { Problem } from './problem.js';
import type { RequestContext } from './request-context.js';

/** Who an audit entry names as the one who acted. */
export interface AuditActor {
  type: 'user' | 'operator' | 'system';
  id?: string;
  label: string;
}

/**
 * Everything a tenant service needs to act: the tenant, an EntityManager on its schema, who is acting, and how
 * access is decided. Services take a scope rather than reaching into the HTTP request, so the operator CLI and
 * provisioning can run the same rules with a `system` actor.
 */
export interface TenantScope {
  tenant: TenantRef;
  em: EntityManager;
  auditActor: AuditActor;
  /** Present for staff requests; absent for the platform acting on a tenant's behalf (provisioning, CLI). */
  actor?: Actor;
  ability?: AppAbility;
  requestId?: string;
  ip?: string;
}

export function scopeFromRequest(ctx: RequestContext): TenantScope {
  if (!ctx.tenant || !ctx.em) throw new Error('scopeFromRequest used on a route without a tenant');
  const auditActor: AuditActor = ctx.actor
    ? { type: 'user', id: ctx.actor.id, label: ctx.actor.email }
    : ctx.operator
      ? { type: 'operator', id: ctx.operator.id, label: ctx.operator.email }
      : { type: 'system', label: 'anonymous' };
  return { tenant: ctx.tenant, em: ctx.em, auditActor, actor: ctx.actor, ability: ctx.ability, requestId: ctx.requestId, ip: ctx.ip };
}

export function systemScope(tenant: TenantRef, em: EntityManager, label = 'system'): TenantScope {
  return { tenant, em, auditActor: { type: 'system', label } };
}

export function withEm(scope: TenantScope, em: EntityManager): TenantScope {
  return { ...scope, em };
}

/** The SQL filter limiting a list to what the actor may see; the system sees everything. */
export function scopeWhere(scope: TenantScope, action: Action, subject: Exclude<SubjectName, 'all'>): Where {
  if (!scope.ability) return {};
  const where = accessibleWhere(scope.ability, action, subject);
  if (where === null) throw Problem.forbidden(`Your role does not allow you to ${action} ${subject} records.`);
  return where;
}

/** Refuses an action on one record the actor may not touch. */
export function assertCan(
  scope: TenantScope,
  action: Action,
  subject: Exclude<SubjectName, 'all'>,
  record?: Record<string, unknown>,
): void {
  if (!scope.ability) return;
  const allowed = record ? scope.ability.can(action, asSubject(subject, record)) : scope.ability.can(action, subject);
  if (!allowed) throw Problem.forbidden(`Your role does not allow you to ${action} this ${subject}.`);
}
