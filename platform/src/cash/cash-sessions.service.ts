import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { AuditService } from '../audit/audit.service.js';
import { parseListQuery, stringList, uuidList, type ListSpec } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { storeAccessSql } from '../common/store-access.js';
import { assertCan, withEm, type TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import type { CloseCashSession, OpenCashSession } from './cash.schemas.js';

export const cashSessionListSpec: ListSpec = {
  sortable: { openedAt: 'opened_at', closedAt: 'closed_at', difference: 'difference' },
  defaultSort: ['openedAt', 'DESC'],
  filters: ['storeId', 'id', 'status'],
};

type Row = Record<string, any>;

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

function sessionView(r: Row) {
  return {
    id: r.id,
    storeId: r.store_id,
    status: r.status as 'open' | 'closed',
    openedBy: r.opened_by,
    openedAt: new Date(r.opened_at),
    openingFloat: Number(r.opening_float),
    closedBy: r.closed_by,
    closedAt: r.closed_at ? new Date(r.closed_at) : null,
    salesCount: r.sales_count,
    cashReceived: num(r.cash_received),
    changeGiven: num(r.change_given),
    expectedCash: num(r.expected_cash),
    countedCash: num(r.counted_cash),
    /** counted − expected: positive is over, negative is short. */
    difference: num(r.difference),
    note: r.note,
  };
}

/**
 * The cash drawer of a store. Expected cash at close = opening float + cash tendered − change given − cash refunded,
 * over the store's sales and returns in [opened_at, closed_at). Only cash may be overpaid, so all change is cash;
 * cash refunds are paid out of the drawer at once (status completed).
 */
/** Tenant-wide readers see every store's sessions. */
const ALL_STORES = { sql: 'true', params: [] as string[] };

@Injectable()
export class CashSessionsService {
  constructor(private readonly audit: AuditService) {}

  async open(scope: TenantScope, input: OpenCashSession) {
    assertCan(scope, 'create', 'CashSession', { storeId: input.storeId });
    const s = ident(scope.tenant.schemaName);
    const [store] = await scope.em.execute(`select 1 from ${s}.store where id = ?`, [input.storeId]);
    if (!store) throw Problem.validation([{ field: 'storeId', message: 'no such store' }]);
    const id = randomUUID();
    try {
      return await scope.em.transactional(async (em) => {
        const [row] = await em.execute<Row[]>(
          `insert into ${s}.cash_session (id, store_id, status, opened_by, opened_at, opening_float)
           values (?, ?, 'open', ?, ?, ?) returning *`,
          [id, input.storeId, scope.actor?.id ?? null, new Date(), input.openingFloat],
        );
        await this.audit.record(withEm(scope, em), {
          action: 'cash_session.opened',
          entityType: 'CashSession',
          entityId: id,
          after: { storeId: input.storeId, openingFloat: input.openingFloat },
        });
        return sessionView(row);
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException) {
        throw Problem.conflict('This store already has an open cash session. Close it before opening another.', 'cash-session-open');
      }
      throw error;
    }
  }

  async close(scope: TenantScope, id: string, input: CloseCashSession) {
    const s = ident(scope.tenant.schemaName);
    const visible = await this.get(scope, id);
    assertCan(scope, 'update', 'CashSession', { storeId: visible.storeId });
    return scope.em.transactional(async (em) => {
      const [session] = await em.execute<Row[]>(`select * from ${s}.cash_session where id = ? for update`, [id]);
      if (session.status !== 'open') throw Problem.conflict('This cash session is already closed.', 'cash-session-closed');
      const closedAt = new Date();
      const drawer = await this.drawerMovements(withEm(scope, em), session.store_id, new Date(session.opened_at), closedAt);
      const expected = Number(session.opening_float) + drawer.cashReceived - drawer.changeGiven - drawer.cashRefunded;
      const difference = input.countedCash - expected;
      const [row] = await em.execute<Row[]>(
        `update ${s}.cash_session set status = 'closed', closed_by = ?, closed_at = ?, sales_count = ?, cash_received = ?,
           change_given = ?, expected_cash = ?, counted_cash = ?, difference = ?, note = ?
         where id = ? returning *`,
        [
          scope.actor?.id ?? null,
          closedAt,
          drawer.salesCount,
          drawer.cashReceived,
          drawer.changeGiven,
          expected,
          input.countedCash,
          difference,
          input.note ?? null,
          id,
        ],
      );
      await this.audit.record(withEm(scope, em), {
        action: 'cash_session.closed',
        entityType: 'CashSession',
        entityId: id,
        after: { storeId: session.store_id, expectedCash: expected, countedCash: input.countedCash, difference },
      });
      return sessionView(row);
    });
  }

  /** Cash in and out of the drawer through the store's sales and returns in [from, to). */
  private async drawerMovements(scope: TenantScope, storeId: string, from: Date, to: Date) {
    const s = ident(scope.tenant.schemaName);
    const [row] = await scope.em.execute<Row[]>(
      `select count(*)::int as sales,
              coalesce(sum(sale.change_due), 0)::bigint as change,
              coalesce(sum((select sum(p.amount) from ${s}.sale_payment p where p.sale_id = sale.id and p.method = 'cash')), 0)::bigint as cash
       from ${s}.sale sale
       where sale.store_id = ? and sale.invoice_no is not null and sale.sold_at >= ? and sale.sold_at < ?`,
      [storeId, from, to],
    );
    const [refunds] = await scope.em.execute<Row[]>(
      `select coalesce(sum(f.amount), 0)::bigint as cash from ${s}.sale_refund f join ${s}.sale_return r on r.id = f.return_id
       where r.store_id = ? and f.method = 'cash' and f.status = 'completed' and f.created_at >= ? and f.created_at < ?`,
      [storeId, from, to],
    );
    return {
      salesCount: row.sales as number,
      cashReceived: Number(row.cash),
      changeGiven: Number(row.change),
      cashRefunded: Number(refunds.cash),
    };
  }

  async get(scope: TenantScope, id: string) {
    const access = storeAccessSql(scope, 'read', 'CashSession') ?? ALL_STORES;
    const [row] = await scope.em.execute<Row[]>(
      `select * from ${ident(scope.tenant.schemaName)}.cash_session where id = ? and ${access.sql}`,
      [id, ...access.params],
    );
    if (!row) throw Problem.notFound('CashSession');
    return sessionView(row);
  }

  async list(scope: TenantScope, rawQuery: Record<string, unknown>) {
    const query = parseListQuery(rawQuery, cashSessionListSpec);
    const access = storeAccessSql(scope, 'read', 'CashSession') ?? ALL_STORES;
    const conditions = [access.sql];
    const params: unknown[] = [...access.params];
    for (const [key, column] of [
      ['storeId', 'store_id'],
      ['id', 'id'],
    ] as const) {
      const ids = uuidList(query.filter, key);
      if (ids) {
        conditions.push(`${column} in (${ids.map(() => '?').join(',')})`);
        params.push(...ids);
      }
    }
    const statuses = stringList(query.filter, 'status');
    if (statuses) {
      if (!statuses.every((v) => v === 'open' || v === 'closed')) throw Problem.badRequest('filter.status must be "open" or "closed".');
      conditions.push(`status in (${statuses.map(() => '?').join(',')})`);
      params.push(...statuses);
    }
    const where = conditions.join(' and ');
    const s = ident(scope.tenant.schemaName);
    const [{ count }] = await scope.em.execute<{ count: string }[]>(`select count(*) from ${s}.cash_session where ${where}`, params);
    const [column, direction] = Object.entries(query.orderBy)[0];
    const rows = await scope.em.execute<Row[]>(
      `select * from ${s}.cash_session where ${where} order by ${column} ${direction} nulls last, id limit ? offset ?`,
      [...params, query.limit, query.offset],
    );
    return { query, rows: rows.map(sessionView), total: Number(count) };
  }
}
