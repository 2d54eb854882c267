import { Injectable } from '@nestjs/common';
import { LockMode, MikroORM } from '@mikro-orm/postgresql';
import { AuditService } from '../audit/audit.service.js';
import { likePattern, parseListQuery, searchText, type ListSpec } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { systemScope, withEm, type AuditActor, type TenantScope } from '../common/tenant-scope.js';
import { TenantEntity, type TenantSettings, type TenantStatus } from './tenant.entity.js';
import { tenantView, toTenantRef } from './tenant-ref.js';

export const tenantListSpec: ListSpec = {
  sortable: { slug: 'slug', name: 'name', country: 'country', status: 'status', createdAt: 'createdAt' },
  defaultSort: ['slug', 'ASC'],
  filters: ['q', 'id', 'status', 'country'],
};

/** The operator's view of the tenant registry: list, read, suspend and resume chains. */
@Injectable()
export class TenantsService {
  constructor(
    private readonly orm: MikroORM,
    private readonly audit: AuditService,
  ) {}

  async list(rawQuery: Record<string, unknown>) {
    const query = parseListQuery(rawQuery, tenantListSpec);
    const where: Record<string, unknown>[] = [];
    const q = searchText(query.filter);
    if (q) where.push({ $or: [{ slug: { $ilike: likePattern(q) } }, { name: { $ilike: likePattern(q) } }] });
    for (const key of ['status', 'country'] as const) if (typeof query.filter[key] === 'string') where.push({ [key]: query.filter[key] });
    const [rows, total] = await this.orm.em
      .fork()
      .findAndCount(TenantEntity, { $and: where }, { orderBy: [query.orderBy, { id: 'asc' }], limit: query.limit, offset: query.offset });
    return { query, rows: rows.map(tenantView), total };
  }

  async get(id: string) {
    const tenant = await this.orm.em.fork().findOne(TenantEntity, { id });
    if (!tenant) throw Problem.notFound('Tenant');
    return tenantView(tenant);
  }

  async setStatus(id: string, status: Extract<TenantStatus, 'active' | 'suspended'>, actor: AuditActor, reason?: string) {
    return this.orm.em.fork().transactional(async (em) => {
      const tenant = await em.findOne(TenantEntity, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!tenant) throw Problem.notFound('Tenant');
      if (tenant.status === 'provisioning') throw Problem.conflict('This tenant is still being provisioned.', 'tenant-not-ready');
      const before = tenant.status;
      tenant.status = status;
      await em.flush();
      if (before !== status) {
        const scope = {
          ...systemScope(toTenantRef(tenant), em.fork({ schema: tenant.schemaName, keepTransactionContext: true, clear: false })),
          auditActor: actor,
        };
        await this.audit.record(scope, {
          action: status === 'suspended' ? 'tenant.suspended' : 'tenant.resumed',
          entityType: 'Tenant',
          entityId: id,
          before: { status: before },
          after: { status, reason: reason ?? null },
        });
      }
      return tenantView(tenant);
    });
  }

  /** The owner's tenant-wide switches, changed from within the tenant. */
  async updateSettings(scope: TenantScope, settings: TenantSettings) {
    return scope.em.transactional(async (em) => {
      const tenant = await em.findOneOrFail(TenantEntity, { id: scope.tenant.id });
      const before = { ...tenant.settings };
      tenant.settings = { ...tenant.settings, ...settings };
      await em.flush();
      await this.audit.record(withEm(scope, em), {
        action: 'tenant.settings_updated',
        entityType: 'TenantSettings',
        entityId: tenant.id,
        before,
        after: { ...tenant.settings },
      });
      return tenant.settings;
    });
  }
}
