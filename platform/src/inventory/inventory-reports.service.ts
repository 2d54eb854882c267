import { Injectable } from '@nestjs/common';
import { reportStores } from '../common/store-access.js';
import type { TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { today } from './inventory-context.js';

/**
 * Money value of a quantity of base units at a per-pack price, in minor units, rounded half up: 7 tablets of a
 * ₹35.50 strip of 10 are worth ₹24.85. Done in SQL numeric so large stocks never meet floating point.
 */
const valueSql = (quantity: string, perPack: string, packSize: string) => `round((${quantity})::numeric * ${perPack} / ${packSize})`;

/** Alerts and valuation reports over stock. A store-scoped person must name one of their stores. */
@Injectable()
export class InventoryReportsService {
  async alerts(scope: TenantScope, storeId?: string) {
    const filter = reportStores(scope, 'Stock', storeId, 'b.store_id');
    const storeRows = reportStores(scope, 'Stock', storeId, 'st.id');
    const s = ident(scope.tenant.schemaName);
    const asOf = today(scope);
    const belowReorder = await scope.em.execute<Record<string, unknown>[]>(
      `select st.id as "storeId", p.id as "productId", p.name, p.reorder_level as "reorderLevel",
              coalesce(sum(b.quantity) filter (where b.expiry >= ?), 0)::int as "onHand"
       from ${s}.product p cross join ${s}.store st
       left join ${s}.stock_batch b on b.product_id = p.id and b.store_id = st.id
       where p.reorder_level > 0 and p.status = 'active' and ${storeRows.sql}
       group by st.id, p.id
       having coalesce(sum(b.quantity) filter (where b.expiry >= ?), 0) < p.reorder_level
       order by st.id, p.name`,
      [asOf, ...storeRows.params, asOf],
    );
    const batches = await scope.em.execute<Record<string, any>[]>(
      `select b.id as "batchId", b.store_id as "storeId", b.product_id as "productId", p.name, b.batch_no as "batchNo",
              to_char(b.expiry, 'YYYY-MM-DD') as expiry, (b.expiry - ?::date) as "daysToExpiry", b.quantity
       from ${s}.stock_batch b join ${s}.product p on p.id = b.product_id
       where b.quantity > 0 and b.expiry < ?::date + 90 and ${filter.sql}
       order by b.expiry, p.name`,
      [asOf, asOf, ...filter.params],
    );
    const within = (from: number, to: number) => batches.filter((b) => b.daysToExpiry >= from && b.daysToExpiry < to);
    return {
      asOf,
      storeId: storeId ?? null,
      belowReorderLevel: belowReorder,
      expiring: { within30Days: within(0, 30), within60Days: within(30, 60), within90Days: within(60, 90) },
      expiredOnHand: batches.filter((b) => b.daysToExpiry < 0),
    };
  }

  async valuation(scope: TenantScope, storeId?: string) {
    const filter = reportStores(scope, 'Report', storeId, 'b.store_id');
    const s = ident(scope.tenant.schemaName);
    const asOf = today(scope);
    const rows = await scope.em.execute<Record<string, string>[]>(
      `select p.id as "productId", p.name, sum(b.quantity)::bigint as quantity,
              sum(${valueSql('b.quantity', 'b.cost', 'p.pack_size')})::bigint as "atCost",
              sum(${valueSql('b.quantity', 'b.mrp', 'p.pack_size')})::bigint as "atMrp",
              coalesce(sum(${valueSql('b.quantity', 'b.cost', 'p.pack_size')}) filter (where b.expiry < ?), 0)::bigint as "expiredAtCost"
       from ${s}.stock_batch b join ${s}.product p on p.id = b.product_id
       where b.quantity > 0 and ${filter.sql}
       group by p.id order by p.name`,
      [asOf, ...filter.params],
    );
    const products = rows.map((r) => ({
      productId: r.productId,
      name: r.name,
      quantity: Number(r.quantity),
      atCost: Number(r.atCost),
      atMrp: Number(r.atMrp),
      expiredAtCost: Number(r.expiredAtCost),
    }));
    const total = (key: 'quantity' | 'atCost' | 'atMrp' | 'expiredAtCost') => products.reduce((sum, p) => sum + p[key], 0);
    return {
      asOf,
      storeId: storeId ?? null,
      currency: scope.tenant.currency,
      totals: { quantity: total('quantity'), atCost: total('atCost'), atMrp: total('atMrp'), expiredAtCost: total('expiredAtCost') },
      products,
    };
  }

  /** How long stock has sat since it was received, in buckets, with its value at cost: slow movers show up here. */
  async ageing(scope: TenantScope, storeId?: string) {
    const filter = reportStores(scope, 'Report', storeId, 'b.store_id');
    const s = ident(scope.tenant.schemaName);
    const asOf = today(scope);
    const buckets = [
      { label: '0-30 days', from: 0, to: 30 },
      { label: '31-60 days', from: 31, to: 60 },
      { label: '61-90 days', from: 61, to: 90 },
      { label: '91-180 days', from: 91, to: 180 },
      { label: 'over 180 days', from: 181, to: 100_000 },
    ];
    const rows = await scope.em.execute<{ age: number; quantity: string; value: string; batches: string }[]>(
      `select (?::date - (b.received_at at time zone ?)::date) as age, sum(b.quantity)::bigint as quantity,
              sum(${valueSql('b.quantity', 'b.cost', 'p.pack_size')})::bigint as value, count(*) as batches
       from ${s}.stock_batch b join ${s}.product p on p.id = b.product_id
       where b.quantity > 0 and ${filter.sql}
       group by 1`,
      [asOf, scope.tenant.timezone, ...filter.params],
    );
    return {
      asOf,
      storeId: storeId ?? null,
      currency: scope.tenant.currency,
      buckets: buckets.map((bucket) => {
        const inside = rows.filter((r) => r.age >= bucket.from && r.age <= bucket.to);
        return {
          label: bucket.label,
          batches: inside.reduce((sum, r) => sum + Number(r.batches), 0),
          quantity: inside.reduce((sum, r) => sum + Number(r.quantity), 0),
          valueAtCost: inside.reduce((sum, r) => sum + Number(r.value), 0),
        };
      }),
    };
  }

  /** Every batch balance against the sum of its ledger rows: the check a drug inspector or auditor asks for. */
  async reconciliation(scope: TenantScope, storeId?: string) {
    const filter = reportStores(scope, 'Report', storeId, 'b.store_id');
    const s = ident(scope.tenant.schemaName);
    const rows = await scope.em.execute<{ batchId: string; balance: number; ledger: string }[]>(
      `select b.id as "batchId", b.quantity as balance, coalesce(sum(m.quantity), 0) as ledger
       from ${s}.stock_batch b left join ${s}.stock_movement m on m.batch_id = b.id
       where ${filter.sql} group by b.id`,
      filter.params,
    );
    const mismatches = rows
      .filter((r) => r.balance !== Number(r.ledger))
      .map((r) => ({ batchId: r.batchId, balance: r.balance, ledger: Number(r.ledger) }));
    return { storeId: storeId ?? null, batchesChecked: rows.length, consistent: mismatches.length === 0, mismatches };
  }
}
