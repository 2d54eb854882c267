import { Injectable } from '@nestjs/common';
import { parseListQuery, type ListSpec } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { assertCan, type TenantScope } from '../common/tenant-scope.js';
import { AuditLogEntity } from './audit-log.entity.js';
import { AuditService } from './audit.service.js';

export const auditListSpec: ListSpec = {
  sortable: { id: 'id', occurredAt: 'id', action: 'action' },
  defaultSort: ['id', 'DESC'],
  filters: ['action', 'entityType', 'entityId', 'actorId', 'from', 'to'],
};

function isoDate(value: unknown, field: string): Date {
  const date = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime()))
    throw Problem.badRequest(`filter.${field} must be an ISO date.`, [{ field: `filter.${field}`, message: 'must be an ISO date' }]);
  return date;
}

/** Reading the audit trail: the list for people, the chain check for auditors. */
@Injectable()
export class AuditQueryService {
  constructor(private readonly audit: AuditService) {}

  async list(scope: TenantScope, rawQuery: Record<string, unknown>) {
    assertCan(scope, 'read', 'AuditLog');
    const query = parseListQuery(rawQuery, auditListSpec);
    const where: Record<string, unknown> = {};
    for (const key of ['action', 'entityType', 'entityId', 'actorId'] as const) {
      const value = query.filter[key];
      if (value !== undefined) {
        if (typeof value !== 'string') throw Problem.badRequest(`filter.${key} must be text.`);
        where[key] = value;
      }
    }
    const occurredAt: Record<string, Date> = {};
    if (query.filter.from !== undefined) occurredAt.$gte = isoDate(query.filter.from, 'from');
    if (query.filter.to !== undefined) occurredAt.$lt = isoDate(query.filter.to, 'to');
    if (Object.keys(occurredAt).length) where.occurredAt = occurredAt;
    const [rows, total] = await scope.em.findAndCount(AuditLogEntity, where, {
      orderBy: query.orderBy,
      limit: query.limit,
      offset: query.offset,
    });
    return { query, rows, total };
  }

  verify(scope: TenantScope) {
    assertCan(scope, 'read', 'AuditLog');
    return this.audit.verify(scope);
  }
}
