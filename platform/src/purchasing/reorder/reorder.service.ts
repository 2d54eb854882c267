import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { Problem } from '../../common/problem.js';
import { assertCan, withEm, type TenantScope } from '../../common/tenant-scope.js';
import { ident } from '../../database/sql.js';
import { addDays } from '../../inventory/expiry.js';
import { today } from '../../inventory/inventory-context.js';
import { loadOrders, orderView, type OrderView } from '../purchase-orders/order-record.js';
import { OPEN_ORDER_STATUSES, PurchaseOrdersService } from '../purchase-orders/purchase-orders.service.js';
import type { ReorderSettingInput } from '../purchasing.schemas.js';
import { DEFAULT_LEAD_TIME_DAYS, suggestedQuantity, VELOCITY_DAYS } from './reorder-math.js';

interface PositionRow {
  product_id: string;
  product_name: string;
  pack_size: number;
  min_quantity: number;
  max_quantity: number;
  on_hand: number;
  on_order: number;
  sold: number;
  supplier_id: string | null;
  supplier_name: string | null;
  lead_time_days: number | null;
  pack_cost: string | null;
  tax_rate: string | null;
}

export interface ReorderSuggestion {
  productId: string;
  productName: string;
  packSize: number;
  onHand: number;
  onOrder: number;
  soldLast30Days: number;
  minQuantity: number;
  maxQuantity: number;
  reorderPoint: number;
  target: number;
  suggestedQuantity: number;
  supplierId: string | null;
  supplierName: string | null;
  packCost: number;
  taxRate: number;
}

/**
 * Reorder suggestions of one store, and the nightly drafting of purchase orders from them: one draft per preferred
 * supplier, once per store and day (a `reorder_run` row claims the day, so running it again, or twice at once,
 * drafts nothing new). Products without a preferred supplier are suggested but not drafted.
 */
@Injectable()
export class ReorderService {
  constructor(
    private readonly audit: AuditService,
    private readonly orders: PurchaseOrdersService,
  ) {}

  async suggestions(
    scope: TenantScope,
    storeId: string,
    date = today(scope),
  ): Promise<{ storeId: string; date: string; lines: ReorderSuggestion[] }> {
    assertCan(scope, 'read', 'ReorderSuggestion', { storeId });
    await this.assertStore(scope, storeId);
    return { storeId, date, lines: await this.compute(scope, storeId, date) };
  }

  async draftReorderPurchaseOrders(scope: TenantScope, storeId: string, date = today(scope)) {
    assertCan(scope, 'create', 'ReorderSuggestion', { storeId });
    await this.assertStore(scope, storeId);
    const s = ident(scope.tenant.schemaName);
    return scope.em.transactional(async (em) => {
      const [claimed] = await em.execute<{ store_id: string }[]>(
        `insert into ${s}.reorder_run (store_id, run_date) values (?, ?) on conflict do nothing returning store_id`,
        [storeId, date],
      );
      const lines = claimed ? await this.compute(withEm(scope, em), storeId, date) : [];
      const bySupplier = new Map<string, ReorderSuggestion[]>();
      for (const line of lines.filter((l) => l.supplierId))
        bySupplier.set(line.supplierId!, [...(bySupplier.get(line.supplierId!) ?? []), line]);
      const created: OrderView[] = [];
      for (const [supplierId, supplied] of [...bySupplier].sort(([a], [b]) => (a < b ? -1 : 1)))
        created.push(
          await this.orders.create(
            withEm(scope, em),
            {
              storeId,
              supplierId,
              notes: `Reorder suggestions of ${date}`,
              lines: supplied.map((l) => ({
                productId: l.productId,
                quantity: l.suggestedQuantity,
                packCost: l.packCost,
                taxRate: l.taxRate,
              })),
            },
            { reorderDate: date },
          ),
        );
      if (claimed)
        await this.audit.record(withEm(scope, em), {
          action: 'reorder.drafted',
          entityType: 'ReorderSuggestion',
          entityId: storeId,
          after: {
            date,
            purchaseOrderIds: created.map((o) => o.id),
            unassigned: lines.filter((l) => !l.supplierId).map((l) => l.productId),
          },
        });
      const drafted = await loadOrders(em, scope.tenant.schemaName, {
        sql: 'po.store_id = ? and po.reorder_date = ?',
        params: [storeId, date],
      });
      return {
        storeId,
        date,
        alreadyRan: !claimed,
        created: created.map((o) => o.id),
        orders: drafted.map(orderView),
        withoutPreferredSupplier: lines.filter((l) => !l.supplierId),
      };
    });
  }

  /** Per-store minimum and maximum of a product, overriding the product's chain-wide reorder level in that store. */
  async setLevels(scope: TenantScope, input: ReorderSettingInput) {
    assertCan(scope, 'create', 'ReorderSuggestion', { storeId: input.storeId });
    await this.assertStore(scope, input.storeId);
    const s = ident(scope.tenant.schemaName);
    const [product] = await scope.em.execute(`select 1 from ${s}.product where id = ?`, [input.productId]);
    if (!product) throw Problem.validation([{ field: 'productId', message: 'no such product' }]);
    return scope.em.transactional(async (em) => {
      await em.execute(
        `insert into ${s}.store_reorder_setting (store_id, product_id, min_quantity, max_quantity) values (?, ?, ?, ?)
         on conflict (store_id, product_id) do update set min_quantity = excluded.min_quantity, max_quantity = excluded.max_quantity, updated_at = now()`,
        [input.storeId, input.productId, input.minQuantity, input.maxQuantity],
      );
      await this.audit.record(withEm(scope, em), {
        action: 'reorder.levels-set',
        entityType: 'ReorderSuggestion',
        entityId: input.storeId,
        after: input,
      });
      return input;
    });
  }

  private async assertStore(scope: TenantScope, storeId: string): Promise<void> {
    const [store] = await scope.em.execute(`select 1 from ${ident(scope.tenant.schemaName)}.store where id = ?`, [storeId]);
    if (!store) throw Problem.validation([{ field: 'storeId', message: 'no such store' }]);
  }

  private async compute(scope: TenantScope, storeId: string, date: string): Promise<ReorderSuggestion[]> {
    const s = ident(scope.tenant.schemaName);
    const rows = await scope.em.execute<PositionRow[]>(
      `with levels as (
         select p.id, p.name, p.pack_size, coalesce(rs.min_quantity, p.reorder_level) as min_quantity,
                coalesce(rs.max_quantity, 2 * p.reorder_level) as max_quantity
         from ${s}.product p left join ${s}.store_reorder_setting rs on rs.product_id = p.id and rs.store_id = ?
         where p.status = 'active'
       ), on_hand as (
         select product_id, sum(quantity)::int as quantity from ${s}.stock_batch where store_id = ? and expiry >= ?::date group by product_id
       ), on_order as (
         select l.product_id, sum(l.quantity - l.received_quantity - l.cancelled_quantity)::int as quantity
         from ${s}.purchase_order_line l join ${s}.purchase_order po on po.id = l.purchase_order_id
         where po.store_id = ? and po.status in (${OPEN_ORDER_STATUSES.map(() => '?').join(',')}) group by l.product_id
       ), sold as (
         select sl.product_id, sum(sl.quantity - sl.returned_quantity)::int as quantity
         from ${s}.sale_line sl join ${s}.sale sa on sa.id = sl.sale_id
         where sa.store_id = ? and sa.business_date > ?::date and sa.business_date <= ?::date group by sl.product_id
       )
       select lv.id as product_id, lv.name as product_name, lv.pack_size, lv.min_quantity, lv.max_quantity,
              coalesce(oh.quantity, 0) as on_hand, coalesce(oo.quantity, 0) as on_order, coalesce(so.quantity, 0) as sold,
              ps.supplier_id, sup.name as supplier_name, sup.lead_time_days,
              coalesce(ps.last_cost, (select b.cost from ${s}.stock_batch b where b.product_id = lv.id order by b.received_at desc limit 1)) as pack_cost,
              (select l.tax_rate from ${s}.purchase_order_line l join ${s}.purchase_order po on po.id = l.purchase_order_id
               where l.product_id = lv.id order by po.created_at desc limit 1) as tax_rate
       from levels lv
       left join on_hand oh on oh.product_id = lv.id
       left join on_order oo on oo.product_id = lv.id
       left join sold so on so.product_id = lv.id
       left join ${s}.product_supplier ps on ps.product_id = lv.id and ps.preferred
       left join ${s}.supplier sup on sup.id = ps.supplier_id and sup.active
       where lv.min_quantity > 0 or so.quantity > 0
       order by lv.name, lv.id`,
      [storeId, storeId, date, storeId, ...OPEN_ORDER_STATUSES, storeId, addDays(date, -VELOCITY_DAYS), date],
    );
    return rows.flatMap((r) => {
      const supplied = r.supplier_id && r.supplier_name;
      const leadTimeDays = supplied ? r.lead_time_days! : DEFAULT_LEAD_TIME_DAYS;
      const plan = suggestedQuantity({
        packSize: r.pack_size,
        minQuantity: r.min_quantity,
        maxQuantity: r.max_quantity,
        onHand: r.on_hand,
        onOrder: r.on_order,
        sold: r.sold,
        leadTimeDays,
      });
      if (plan.quantity <= 0) return [];
      return [
        {
          productId: r.product_id,
          productName: r.product_name,
          packSize: r.pack_size,
          onHand: r.on_hand,
          onOrder: r.on_order,
          soldLast30Days: r.sold,
          minQuantity: r.min_quantity,
          maxQuantity: r.max_quantity,
          reorderPoint: plan.reorderPoint,
          target: plan.target,
          suggestedQuantity: plan.quantity,
          supplierId: supplied ? r.supplier_id : null,
          supplierName: supplied ? r.supplier_name : null,
          packCost: Number(r.pack_cost ?? 0),
          taxRate: Number(r.tax_rate ?? 0),
        },
      ];
    });
  }
}
