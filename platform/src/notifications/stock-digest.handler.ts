import { Injectable } from '@nestjs/common';
import type { TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { InventoryReportsService } from '../inventory/inventory-reports.service.js';
import type { OutboxEvent, OutboxHandler } from '../outbox/outbox-handler.js';
import type { StockDigestRequest } from './notification-events.js';
import { NotificationSender } from './notification-sender.js';

/** Items named in full in a digest; the counts always cover everything. */
const LISTED_ITEMS = 8;

const listed = (names: string[]) =>
  names.length
    ? names.slice(0, LISTED_ITEMS).join(', ') + (names.length > LISTED_ITEMS ? ` +${names.length - LISTED_ITEMS} more` : '')
    : '-';

/**
 * The daily stock digest of one store to each of its active managers: products under their reorder level and batches
 * expired or expiring within 30 days (the stock alerts). A store with nothing to report sends nothing. One message per
 * manager per store and day (the business key), however often the day's run or its outbox event is repeated.
 */
@Injectable()
export class StockDigestHandler implements OutboxHandler<StockDigestRequest> {
  constructor(
    private readonly reports: InventoryReportsService,
    private readonly sender: NotificationSender,
  ) {}

  async handle(event: OutboxEvent<StockDigestRequest>, scope: TenantScope): Promise<void> {
    const { storeId, date } = event.payload;
    const s = ident(scope.tenant.schemaName);
    const [store] = await scope.em.execute<{ name: string }[]>(`select name from ${s}.store where id = ?`, [storeId]);
    if (!store) return;
    const alerts = await this.reports.alerts(scope, storeId);
    const lowStock = alerts.belowReorderLevel.map((p) => `${p.name} (${p.onHand}/${p.reorderLevel})`);
    const expiring = [...alerts.expiredOnHand, ...alerts.expiring.within30Days].map((b) => `${b.name} ${b.batchNo} ${b.expiry}`);
    if (!lowStock.length && !expiring.length) return;
    const managers = await scope.em.execute<{ id: string; name: string; phone: string | null }[]>(
      `select u.id, u.name, u.phone from ${s}.app_user u
       join ${s}.user_role r on r.user_id = u.id and r.role_name = 'store_manager'
       join ${s}.user_store us on us.user_id = u.id and us.store_id = ?
       where u.status = 'active' order by u.id`,
      [storeId],
    );
    for (const manager of managers) {
      await this.sender.deliver(scope, {
        businessKey: `stock-digest:${storeId}:${date}:${manager.id}`,
        eventType: 'stock.digest',
        channel: 'sms',
        storeId,
        recipient: manager.phone ?? undefined,
        values: {
          chain: scope.tenant.name,
          store: store.name,
          date,
          managerName: manager.name,
          lowStockCount: lowStock.length,
          lowStock: listed(lowStock),
          expiringCount: expiring.length,
          expiring: listed(expiring),
        },
      });
    }
  }
}
