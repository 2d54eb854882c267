import { Injectable } from '@nestjs/common';
import { parseListQuery, stringList, uuidList, type ListSpec } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { assertCan, type TenantScope } from '../common/tenant-scope.js';
import { uuid } from '../common/validation.js';
import { OPEN_STATUSES, PrescriptionFilter, PrescriptionRecords } from './prescription-records.js';

export const queueListSpec: ListSpec = {
  sortable: { createdAt: 'p.created_at', status: 'p.status' },
  defaultSort: ['createdAt', 'ASC'],
  filters: ['storeId', 'status', 'claimedBy', 'id'],
};

/**
 * A store's pharmacist queue: the prescriptions still waiting for a decision, oldest first, each with who has claimed
 * it and how long it has waited. `?storeId=` (or `filter.storeId`) picks the store; tenant-wide roles may leave it out.
 */
@Injectable()
export class PrescriptionQueueService {
  constructor(private readonly records: PrescriptionRecords) {}

  async queue(scope: TenantScope, rawQuery: Record<string, unknown>) {
    const query = parseListQuery(rawQuery, queueListSpec);
    const storeIds = this.storeIds(rawQuery.storeId, query.filter);
    for (const storeId of storeIds ?? []) assertCan(scope, 'read', 'Prescription', { storeId });
    const statuses = stringList(query.filter, 'status') ?? OPEN_STATUSES;
    if (!statuses.every((status) => (OPEN_STATUSES as readonly string[]).includes(status)))
      throw Problem.badRequest(`The queue holds prescriptions in ${OPEN_STATUSES.join(', ')} only.`, [
        { field: 'filter.status', message: `must be one of ${OPEN_STATUSES.join(', ')}` },
      ]);
    const where = new PrescriptionFilter().in('p.store_id', storeIds).in('p.status', statuses).in('p.id', uuidList(query.filter, 'id'));
    if (query.filter.claimedBy === null) where.where('p.claimed_by is null');
    else where.in('p.claimed_by', uuidList(query.filter, 'claimedBy'));
    return this.records.page(scope, where, query);
  }

  private storeIds(param: unknown, filter: Record<string, unknown>): string[] | undefined {
    if (param === undefined) return uuidList(filter, 'storeId');
    const parsed = uuid().safeParse(param);
    if (!parsed.success) throw Problem.validation([{ field: 'storeId', message: 'must be a UUID' }]);
    return [parsed.data];
  }
}
