import { Injectable } from '@nestjs/common';
import { reportStores } from '../common/store-access.js';
import type { TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { today } from '../inventory/inventory-context.js';

type Row = Record<string, any>;
const n = (v: unknown) => Number(v ?? 0);

/** Credit notes issued on the day, and how the money went back. */
export interface DailyReturns {
  count: number;
  total: number;
  tax: number;
  refunds: Array<{ method: string; status: string; amount: number }>;
}

/**
 * End of day (issue 4, item 9): a store's sales on one business date, from the sales and the tax quotes stored with
 * them (never re-quoted). Money is in minor units; gross − discount = taxable + tax, and + roundOff = total.
 */
@Injectable()
export class DailySalesService {
  async report(scope: TenantScope, query: { storeId?: string; date?: string }) {
    const filter = reportStores(scope, 'Report', query.storeId, 'sale.store_id');
    const date = query.date ?? today(scope);
    const s = ident(scope.tenant.schemaName);
    // Invoiced sales only: one still awaiting its gateway payment, or voided, has sold nothing yet.
    const where = `sale.business_date = ? and sale.invoice_no is not null and ${filter.sql}`;
    const params = [date, ...filter.params];

    const [totals] = await scope.em.execute<Row[]>(
      `select count(*)::int as sales, sum(gross_total + discount_total) as gross, sum(discount_total) as discount,
              sum(taxable_total) as taxable, sum(tax_total) as tax, sum(round_off) as round_off, sum(total) as total,
              sum(change_due) as change
       from ${s}.sale sale where ${where}`,
      params,
    );
    const payments = await scope.em.execute<Row[]>(
      `select p.method, count(*)::int as payments, sum(p.amount) as amount
       from ${s}.sale_payment p join ${s}.sale sale on sale.id = p.sale_id
       where ${where} group by p.method order by p.method`,
      params,
    );
    const rates = await scope.em.execute<Row[]>(
      `select (g->>'rate')::int as rate, g->>'treatment' as treatment, count(distinct sale.id)::int as sales,
              sum((g->>'taxable')::bigint) as taxable, sum((g->>'tax')::bigint) as tax
       from ${s}.sale sale cross join jsonb_array_elements(sale.tax_quote->'byRate') g
       where ${where} group by 1, 2 order by 1, 2`,
      params,
    );
    const components = await scope.em.execute<Row[]>(
      `select (g->>'rate')::int as rate, g->>'treatment' as treatment, c->>'code' as code, (c->>'rate')::int as component_rate,
              sum((c->>'amount')::bigint) as amount
       from ${s}.sale sale cross join jsonb_array_elements(sale.tax_quote->'byRate') g
            cross join jsonb_array_elements(g->'components') c
       where ${where} group by 1, 2, 3, 4 order by 1, 2, 3`,
      params,
    );
    const products = await scope.em.execute<Row[]>(
      `select l.product_id, min(l.product_name) as name, count(distinct sale.id)::int as sales, sum(l.quantity)::bigint as quantity,
              sum(l.amount) as amount
       from ${s}.sale_line l join ${s}.sale sale on sale.id = l.sale_id
       where ${where} group by l.product_id order by sum(l.amount) desc, min(l.product_name) limit 10`,
      params,
    );
    const change = n(totals.change);
    const returns = await this.returnsOf(scope, date, reportStores(scope, 'Report', query.storeId, 'r.store_id'));
    const total = n(totals.total);
    return {
      date,
      storeId: query.storeId ?? null,
      currency: scope.tenant.currency,
      sales: totals.sales as number,
      totals: {
        gross: n(totals.gross),
        discount: n(totals.discount),
        taxable: n(totals.taxable),
        tax: n(totals.tax),
        roundOff: n(totals.round_off),
        total,
        changeGiven: change,
      },
      /** Tendered per method; all change is given in cash, so `net` (what stays in the till or account) adds up to the total. */
      byPaymentMethod: payments.map((p) => ({
        method: p.method as string,
        payments: p.payments as number,
        tendered: n(p.amount),
        change: p.method === 'cash' ? change : 0,
        net: n(p.amount) - (p.method === 'cash' ? change : 0),
      })),
      byTaxRate: rates.map((r) => ({
        rate: r.rate as number,
        treatment: r.treatment as string,
        sales: r.sales as number,
        taxable: n(r.taxable),
        tax: n(r.tax),
        components: components
          .filter((c) => c.rate === r.rate && c.treatment === r.treatment)
          .map((c) => ({ code: c.code as string, rate: c.component_rate as number, amount: n(c.amount) })),
      })),
      returns,
      netTotal: total - returns.total,
      topProducts: products.map((p) => ({
        productId: p.product_id as string,
        name: p.name as string,
        sales: p.sales as number,
        quantity: n(p.quantity),
        amount: n(p.amount),
      })),
    };
  }

  /** Credit notes dated on the day at the same stores, with their refunds by method and status. */
  private async returnsOf(scope: TenantScope, date: string, filter: { sql: string; params: string[] }): Promise<DailyReturns> {
    const s = ident(scope.tenant.schemaName);
    const where = `r.business_date = ? and ${filter.sql}`;
    const params = [date, ...filter.params];
    const [totals] = await scope.em.execute<Row[]>(
      `select count(*)::int as count, sum(total) as total, sum(tax_total) as tax from ${s}.sale_return r where ${where}`,
      params,
    );
    const refunds = await scope.em.execute<Row[]>(
      `select f.method, f.status, sum(f.amount) as amount from ${s}.sale_refund f join ${s}.sale_return r on r.id = f.return_id
       where ${where} group by 1, 2 order by 1, 2`,
      params,
    );
    return {
      count: totals.count as number,
      total: n(totals.total),
      tax: n(totals.tax),
      refunds: refunds.map((f) => ({ method: f.method as string, status: f.status as string, amount: n(f.amount) })),
    };
  }
}
