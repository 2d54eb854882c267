import { Injectable } from '@nestjs/common';
import { dateRange, parseListQuery, valueFilterSql, type ListSpec } from '../common/list-query.js';
import { assertCan, type TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';

export const inboxListSpec: ListSpec = {
  sortable: { receivedAt: 'received_at', processedAt: 'processed_at', plugin: 'plugin' },
  defaultSort: ['receivedAt', 'DESC'],
  filters: ['plugin', 'status', 'kind', 'from', 'to'],
};

export const refusalListSpec: ListSpec = {
  sortable: { receivedAt: 'received_at', plugin: 'plugin' },
  defaultSort: ['receivedAt', 'DESC'],
  filters: ['plugin', 'from', 'to'],
};

const INBOX_STATUSES = ['received', 'processed', 'refused'];
const INBOX_KINDS = ['payment', 'message-status'];

type Row = Record<string, any>;

/** The admin views of the webhook inbox and of refused deliveries (ra-data-simple-rest lists). */
@Injectable()
export class WebhooksAdminService {
  async inbox(scope: TenantScope, rawQuery: Record<string, unknown>) {
    assertCan(scope, 'read', 'Webhook');
    const query = parseListQuery(rawQuery, inboxListSpec);
    const where = this.filters(query.filter, { status: INBOX_STATUSES, kind: INBOX_KINDS });
    const page = await this.page(scope, 'webhook_inbox', where, query);
    return {
      ...page,
      rows: page.rows.map((r) => ({
        id: r.id,
        plugin: r.plugin,
        kind: r.kind,
        eventId: r.event_id,
        eventType: r.event_type,
        event: r.event,
        status: r.status,
        outcome: r.outcome,
        attempts: r.attempts,
        lastError: r.last_error,
        receivedAt: new Date(r.received_at),
        processedAt: r.processed_at ? new Date(r.processed_at) : null,
      })),
    };
  }

  async refusals(scope: TenantScope, rawQuery: Record<string, unknown>) {
    assertCan(scope, 'read', 'Webhook');
    const query = parseListQuery(rawQuery, refusalListSpec);
    const page = await this.page(scope, 'webhook_refusal', this.filters(query.filter, {}), query);
    return {
      ...page,
      rows: page.rows.map((r) => ({
        id: r.id,
        plugin: r.plugin,
        reason: r.reason,
        remoteIp: r.remote_ip,
        bodySha256: r.body_sha256,
        receivedAt: new Date(r.received_at),
      })),
    };
  }

  private filters(filter: Record<string, unknown>, allowed: Record<string, readonly string[]>) {
    const values = valueFilterSql(filter, {
      values: {
        plugin: { column: 'plugin' },
        ...Object.fromEntries(Object.entries(allowed).map(([key, list]) => [key, { column: key, allowed: list }])),
      },
    });
    const dates = dateRange(filter, 'received_at');
    const conditions = [...values.conditions, ...dates.conditions];
    return { sql: conditions.length ? conditions.join(' and ') : 'true', params: [...values.params, ...dates.params] };
  }

  private async page(
    scope: TenantScope,
    table: string,
    where: { sql: string; params: unknown[] },
    query: ReturnType<typeof parseListQuery>,
  ): Promise<{ query: ReturnType<typeof parseListQuery>; rows: Row[]; total: number }> {
    const t = `${ident(scope.tenant.schemaName)}.${table}`;
    const [{ count }] = await scope.em.execute<{ count: string }[]>(`select count(*) from ${t} where ${where.sql}`, where.params);
    const [column, direction] = Object.entries(query.orderBy)[0];
    const rows = await scope.em.execute<Row[]>(
      `select * from ${t} where ${where.sql} order by ${column} ${direction} nulls last, id limit ? offset ?`,
      [...where.params, query.limit, query.offset],
    );
    return { query, rows, total: Number(count) };
  }
}
