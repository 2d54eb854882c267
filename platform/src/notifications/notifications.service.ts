import { Injectable } from '@nestjs/common';
import { dateBound, parseListQuery, stringList, uuidList, type ListSpec } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { storeAccessSql } from '../common/store-access.js';
import type { TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { NOTIFICATION_EVENTS } from './notification-events.js';
import { NOTIFICATION_STATUSES, type NotificationRow } from './notification-records.js';

export const notificationListSpec: ListSpec = {
  sortable: { createdAt: 'created_at', updatedAt: 'updated_at', status: 'status' },
  defaultSort: ['createdAt', 'DESC'],
  filters: ['id', 'storeId', 'status', 'eventType', 'from', 'to'],
};

function view(row: NotificationRow) {
  return {
    id: row.id,
    eventType: row.event_type,
    channel: row.channel,
    storeId: row.store_id,
    recipient: row.recipient_masked,
    language: row.language,
    template: row.template,
    status: row.status,
    reason: row.reason,
    providerRef: row.provider_ref,
    attempts: row.attempts,
    lastError: row.last_error,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}

/** What was sent to whom (masked) and how it went; managers see their stores' notifications. */
@Injectable()
export class NotificationsService {
  async list(scope: TenantScope, rawQuery: Record<string, unknown>) {
    const query = parseListQuery(rawQuery, notificationListSpec);
    const conditions: string[] = [];
    const params: unknown[] = [];
    const access = storeAccessSql(scope, 'read', 'Notification');
    if (access) {
      conditions.push(access.sql);
      params.push(...access.params);
    }
    for (const [key, column] of [
      ['id', 'id'],
      ['storeId', 'store_id'],
    ] as const) {
      const ids = uuidList(query.filter, key);
      if (ids) {
        conditions.push(`${column} in (${ids.map(() => '?').join(',')})`);
        params.push(...ids);
      }
    }
    for (const [key, column, allowed] of [
      ['status', 'status', NOTIFICATION_STATUSES],
      ['eventType', 'event_type', NOTIFICATION_EVENTS],
    ] as const) {
      const values = stringList(query.filter, key);
      if (!values) continue;
      if (!values.every((v) => (allowed as readonly string[]).includes(v)))
        throw Problem.badRequest(`filter.${key} must be one of ${allowed.join(', ')}.`, [
          { field: `filter.${key}`, message: `must be one of ${allowed.join(', ')}` },
        ]);
      conditions.push(`${column} in (${values.map(() => '?').join(',')})`);
      params.push(...values);
    }
    // Dates are the tenant's calendar days: `from` inclusive, `to` exclusive.
    for (const [key, op] of [
      ['from', '>='],
      ['to', '<'],
    ] as const) {
      const day = dateBound(query.filter[key], `filter.${key}`);
      if (!day) continue;
      conditions.push(`(created_at at time zone ?)::date ${op} ?::date`);
      params.push(scope.tenant.timezone, day);
    }
    const where = conditions.length ? conditions.join(' and ') : 'true';
    const s = ident(scope.tenant.schemaName);
    const [{ count }] = await scope.em.execute<{ count: string }[]>(`select count(*) from ${s}.notification where ${where}`, params);
    const [column, direction] = Object.entries(query.orderBy)[0];
    const rows = await scope.em.execute<NotificationRow[]>(
      `select * from ${s}.notification where ${where} order by ${column} ${direction}, id limit ? offset ?`,
      [...params, query.limit, query.offset],
    );
    return { query, rows: rows.map(view), total: Number(count) };
  }

  async get(scope: TenantScope, id: string) {
    const access = storeAccessSql(scope, 'read', 'Notification');
    const [row] = await scope.em.execute<NotificationRow[]>(
      `select * from ${ident(scope.tenant.schemaName)}.notification where id = ?${access ? ` and ${access.sql}` : ''}`,
      [id, ...(access?.params ?? [])],
    );
    if (!row) throw Problem.notFound('Notification');
    return view(row);
  }
}
