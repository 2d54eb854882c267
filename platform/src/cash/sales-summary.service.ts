import { Injectable } from '@nestjs/common';
import { reportStores } from '../common/store-access.js';
import type { TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { addDays } from '../inventory/expiry.js';
import { today } from '../inventory/inventory-context.js';
import type { SalesSummaryQuery } from './cash.schemas.js';

type Row = Record<string, any>;
const n = (v: unknown) => Number(v ?? 0);
const DEFAULT_DAYS = 14;

/**
 * Sales over a range of business dates (the last 14 days unless asked otherwise) for the dashboard's charts: every day of the range (days without sales are
 * zero, so a chart has no gaps), the money by payment method and the best-selling products. Invoiced sales only,
 * counted as the daily report counts them, so a day's bar equals that day's report.
 */
@Injectable()
export class SalesSummaryService {
  async summary(scope: TenantScope, query: SalesSummaryQuery) {
    const span = query.days ?? DEFAULT_DAYS;
    const to = query.to ?? (query.from ? addDays(query.from, span - 1) : today(scope));
    const from = query.from ?? addDays(to, -(span - 1));
    const filter = reportStores(scope, 'Report', query.storeId, 'sale.store_id');
    const s = ident(scope.tenant.schemaName);
    const where = `sale.business_date between ?::date and ?::date and sale.invoice_no is not null and ${filter.sql}`;
    const params = [from, to, ...filter.params];

    const days = await scope.em.execute<Row[]>(
      `select to_char(d, 'YYYY-MM-DD') as date, count(sale.id)::int as sales, coalesce(sum(sale.total), 0) as total
       from generate_series(?::date, ?::date, interval '1 day') d
       left join ${s}.sale sale on sale.business_date = d::date and sale.invoice_no is not null and ${filter.sql}
       group by d order by d`,
      [from, to, ...filter.params],
    );
    // All change is given in cash, so a method's net (what stays in the till or account) is tendered less change.
    const payments = await scope.em.execute<Row[]>(
      `select p.method, count(*)::int as payments, sum(p.amount) as tendered from ${s}.sale_payment p
       join ${s}.sale sale on sale.id = p.sale_id where ${where} group by p.method order by p.method`,
      params,
    );
    const [change] = await scope.em.execute<Row[]>(`select sum(change_due) as change from ${s}.sale sale where ${where}`, params);
    const products = await scope.em.execute<Row[]>(
      `select l.product_id, min(l.product_name) as name, sum(l.quantity)::bigint as quantity, sum(l.amount) as amount
       from ${s}.sale_line l join ${s}.sale sale on sale.id = l.sale_id
       where ${where} group by l.product_id order by sum(l.amount) desc, min(l.product_name) limit 5`,
      params,
    );
    const byDay = days.map((d) => ({ date: d.date as string, sales: d.sales as number, total: n(d.total) }));
    return {
      from,
      to,
      storeId: query.storeId ?? null,
      currency: scope.tenant.currency,
      sales: byDay.reduce((sum, d) => sum + d.sales, 0),
      total: byDay.reduce((sum, d) => sum + d.total, 0),
      byDay,
      byPaymentMethod: payments.map((p) => ({
        method: p.method as string,
        payments: p.payments as number,
        net: n(p.tendered) - (p.method === 'cash' ? n(change.change) : 0),
      })),
      topProducts: products.map((p) => ({
        productId: p.product_id as string,
        name: p.name as string,
        quantity: n(p.quantity),
        amount: n(p.amount),
      })),
    };
  }
}
