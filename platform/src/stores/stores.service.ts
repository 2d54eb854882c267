import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { AuditService } from '../audit/audit.service.js';
import { parseListQuery, searchText, likePattern, uuidList, type ListSpec } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { assertCan, scopeWhere, withEm, type TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { StoreEntity, type Store } from './store.entity.js';
import type { StoreInput, StoreUpdate } from './stores.schemas.js';

export const storeListSpec: ListSpec = {
  sortable: { code: 'code', name: 'name', region: 'region', createdAt: 'createdAt' },
  defaultSort: ['name', 'ASC'],
  filters: ['q', 'id', 'region'],
};

export function storeView(store: Store) {
  return {
    id: store.id,
    code: store.code,
    name: store.name,
    address: store.address,
    region: store.region,
    createdAt: store.createdAt,
    updatedAt: store.updatedAt,
  };
}

@Injectable()
export class StoresService {
  constructor(private readonly audit: AuditService) {}

  async list(scope: TenantScope, rawQuery: Record<string, unknown>) {
    const query = parseListQuery(rawQuery, storeListSpec);
    const where: Record<string, unknown>[] = [scopeWhere(scope, 'read', 'Store')];
    const ids = uuidList(query.filter, 'id');
    if (ids) where.push({ id: { $in: ids } });
    const q = searchText(query.filter);
    if (q) where.push({ $or: [{ name: { $ilike: likePattern(q) } }, { code: { $ilike: likePattern(q) } }] });
    if (typeof query.filter.region === 'string') where.push({ region: query.filter.region });
    const [rows, total] = await scope.em.findAndCount(
      StoreEntity,
      { $and: where },
      { orderBy: [query.orderBy, { id: 'asc' }], limit: query.limit, offset: query.offset },
    );
    return { query, rows: rows.map(storeView), total };
  }

  async get(scope: TenantScope, id: string) {
    return storeView(await this.load(scope, id, 'read'));
  }

  async create(scope: TenantScope, input: StoreInput) {
    assertCan(scope, 'create', 'Store');
    return this.write(scope, async (s) => {
      const store = s.em.create(StoreEntity, { id: randomUUID(), ...input });
      await s.em.flush();
      await this.audit.record(s, { action: 'store.created', entityType: 'Store', entityId: store.id, after: storeView(store) });
      return storeView(store);
    });
  }

  async update(scope: TenantScope, id: string, input: StoreUpdate) {
    return this.write(scope, async (s) => {
      const store = await this.load(s, id, 'update');
      const before = storeView(store);
      s.em.assign(store, input);
      await s.em.flush();
      await this.audit.record(s, { action: 'store.updated', entityType: 'Store', entityId: id, before, after: storeView(store) });
      return storeView(store);
    });
  }

  async remove(scope: TenantScope, id: string) {
    return this.write(scope, async (s) => {
      const store = await this.load(s, id, 'delete');
      const [{ count }] = await s.em.execute<{ count: string }[]>(
        `select count(*) from ${ident(scope.tenant.schemaName)}.user_store where store_id = ?`,
        [id],
      );
      if (Number(count) > 0) {
        throw Problem.conflict(`Store ${store.code} still has ${count} staff assigned; move them to another store first.`, 'store-in-use');
      }
      const before = storeView(store);
      s.em.remove(store);
      await s.em.flush();
      await this.audit.record(s, { action: 'store.deleted', entityType: 'Store', entityId: id, before });
      return before;
    });
  }

  private async load(scope: TenantScope, id: string, action: 'read' | 'update' | 'delete'): Promise<Store> {
    const store = await scope.em.findOne(StoreEntity, { $and: [{ id }, scopeWhere(scope, 'read', 'Store')] });
    if (!store) throw Problem.notFound('Store');
    assertCan(scope, action, 'Store', { id: store.id });
    return store;
  }

  private async write<T>(scope: TenantScope, work: (scope: TenantScope) => Promise<T>): Promise<T> {
    try {
      return await scope.em.transactional((em) => work(withEm(scope, em)));
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException)
        throw Problem.conflict('Another store already uses this code.', 'store-code-taken', {
          errors: [{ field: 'code', message: 'is already used by another store' }],
        });
      throw error;
    }
  }
}
