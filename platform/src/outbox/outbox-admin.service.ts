import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { parseListQuery, valueFilterSql, type ListSpec } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { assertCan, withEm, type TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { OUTBOX_CHANNEL } from './outbox.service.js';

const STATUSES = ['pending', 'done', 'parked'];

const outboxListSpec: ListSpec = {
  sortable: { id: 'id', createdAt: 'created_at', processedAt: 'processed_at', attempts: 'attempts', topic: 'topic' },
  defaultSort: ['id', 'DESC'],
  filters: ['status', 'topic', 'id'],
};

interface Row {
  id: string;
  topic: string;
  payload: unknown;
  status: string;
  attempts: number;
  available_at: Date;
  last_error: string | null;
  created_at: Date;
  processed_at: Date | null;
}

const view = (row: Row) => ({
  id: row.id,
  topic: row.topic,
  payload: row.payload,
  status: row.status,
  attempts: row.attempts,
  availableAt: row.available_at,
  lastError: row.last_error,
  createdAt: row.created_at,
  processedAt: row.processed_at,
});

const COLUMNS = `e.id::text as id, e.topic, e.payload, e.status, e.attempts, e.available_at, e.last_error, e.created_at, e.processed_at`;

/** What admins see of the background work: which events are pending, done or parked and why, and retrying a parked one. */
@Injectable()
export class OutboxAdminService {
  constructor(private readonly audit: AuditService) {}

  async list(scope: TenantScope, rawQuery: Record<string, unknown>) {
    assertCan(scope, 'read', 'OutboxEvent');
    const query = parseListQuery(rawQuery, outboxListSpec);
    const filters = valueFilterSql(query.filter, {
      values: { status: { column: 'status', allowed: STATUSES }, topic: { column: 'topic' }, id: { column: 'id::text' } },
    });
    const conditions = ['true', ...filters.conditions];
    const params = filters.params;
    const where = conditions.join(' and ');
    const s = ident(scope.tenant.schemaName);
    const [{ count }] = await scope.em.execute<{ count: string }[]>(`select count(*) from ${s}.outbox_event where ${where}`, params);
    const [column, direction] = Object.entries(query.orderBy)[0];
    const rows = await scope.em.execute<Row[]>(
      `select ${COLUMNS} from ${s}.outbox_event e where ${where} order by e.${column} ${direction} nulls last, e.id desc limit ? offset ?`,
      [...params, query.limit, query.offset],
    );
    return { query, rows: rows.map(view), total: Number(count) };
  }

  /** A parked event goes back to the queue with a fresh set of attempts, as soon as the cause is fixed. */
  async retry(scope: TenantScope, id: string) {
    assertCan(scope, 'update', 'OutboxEvent');
    if (!/^\d{1,18}$/.test(id)) throw Problem.notFound(`Outbox event ${id}`);
    return scope.em.transactional(async (em) => {
      const s = ident(scope.tenant.schemaName);
      const [row] = await em.execute<Row[]>(
        `update ${s}.outbox_event e set status = 'pending', attempts = 0, available_at = now(), locked_until = null
         where e.id = ? and e.status = 'parked' returning ${COLUMNS}`,
        [id],
      );
      if (!row) {
        const [exists] = await em.execute<{ status: string }[]>(`select status from ${s}.outbox_event where id = ?`, [id]);
        if (!exists) throw Problem.notFound(`Outbox event ${id}`);
        throw Problem.conflict(`Only a parked event can be retried; this one is ${exists.status}.`, 'outbox-not-parked');
      }
      await this.audit.record(withEm(scope, em), {
        action: 'outbox.retried',
        entityType: 'OutboxEvent',
        entityId: id,
        before: { status: 'parked', lastError: row.last_error },
        after: { status: 'pending' },
      });
      await em.execute(`select pg_notify('${OUTBOX_CHANNEL}', ?)`, [scope.tenant.id]);
      return view(row);
    });
  }
}
