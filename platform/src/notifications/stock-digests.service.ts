import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { Problem } from '../common/problem.js';
import { assertCan, withEm, type TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { today } from '../inventory/inventory-context.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { notificationRequests } from './notification-events.js';
import type { DigestRunInput } from './notifications.schemas.js';

/**
 * Starts a day's stock digests: one outbox event per store, deduplicated on store and date, so the scheduler (or an
 * operator re-running a day) can call this any number of times and each store's managers hear about that day once.
 */
@Injectable()
export class StockDigestsService {
  constructor(
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
  ) {}

  async run(scope: TenantScope, input: DigestRunInput) {
    assertCan(scope, 'create', 'Notification');
    const date = input.date ?? today(scope);
    const s = ident(scope.tenant.schemaName);
    const stores = await scope.em.execute<{ id: string }[]>(
      `select id from ${s}.store${input.storeId ? ' where id = ?' : ''} order by id`,
      input.storeId ? [input.storeId] : [],
    );
    if (input.storeId && !stores.length) throw Problem.validation([{ field: 'storeId', message: 'no such store' }]);
    await scope.em.transactional(async (em) => {
      await this.outbox.emit(
        withEm(scope, em),
        stores.map((store) => notificationRequests.stockDigest(store.id, date)),
      );
      await this.audit.record(withEm(scope, em), {
        action: 'notification.digests-requested',
        entityType: 'Notification',
        after: { date, storeIds: stores.map((store) => store.id) },
      });
    });
    return { date, storeIds: stores.map((store) => store.id) };
  }
}
