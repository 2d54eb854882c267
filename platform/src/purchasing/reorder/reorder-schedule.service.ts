import { Injectable } from '@nestjs/common';
import type { NightlyReorderInput } from '@dawa/workflows';
import { AuditService } from '../../audit/audit.service.js';
import { assertCan, withEm, type TenantScope } from '../../common/tenant-scope.js';
import { ident } from '../../database/sql.js';
import { TenantWorkflows } from '../../workflows-runtime/tenant-workflows.service.js';
import type { ReorderScheduleInput } from '../purchasing.schemas.js';

const KIND = 'reorder';
const KEY = 'nightly';
/** A new chain's nightly run: 02:00 in its time zone, after the day's sales and before the morning's orders. */
export const DEFAULT_REORDER_HOUR = 2;
const SCHEDULE_SET = 'reorder.schedule-set';

/**
 * The chain's nightly reorder run as a Temporal schedule: at the chosen hour of the chain's own time zone it starts
 * `nightlyReorder`, which drafts every store's reorder purchase orders for that day (idempotent per store and day, so
 * a run triggered twice drafts once).
 */
@Injectable()
export class ReorderScheduleService {
  constructor(
    private readonly workflows: TenantWorkflows,
    private readonly audit: AuditService,
  ) {}

  async get(scope: TenantScope) {
    assertCan(scope, 'read', 'ReorderSuggestion');
    const schedule = await this.workflows.describeSchedule(scope, KIND, KEY);
    if (!schedule) return { enabled: false, hour: null, timezone: scope.tenant.timezone, nextRunAt: null };
    return {
      enabled: true,
      hour: Number(schedule.spec.calendars?.[0]?.hour?.[0]?.start ?? 0),
      timezone: schedule.spec.timezone ?? scope.tenant.timezone,
      nextRunAt: schedule.info.nextActionTimes[0] ?? null,
    };
  }

  async set(scope: TenantScope, input: ReorderScheduleInput) {
    assertCan(scope, 'update', 'ReorderSuggestion');
    const before = await this.get(scope);
    if (input.enabled) await this.upsert(scope, input.hour);
    else await this.workflows.deleteSchedule(scope, KIND, KEY);
    const after = await this.get(scope);
    await this.recordSet(scope, before, after);
    return after;
  }

  /**
   * Turns the nightly run on at the default hour for a chain whose schedule nobody has set yet (provisioning, and
   * `npm start` for demo chains made before the default existed). A chain whose schedule was ever set — on, moved or
   * turned off, as its audit log says — is left as it is. Returns whether it turned the schedule on.
   */
  async enableByDefault(scope: TenantScope): Promise<boolean> {
    const [chosen] = await scope.em.execute(`select 1 from ${ident(scope.tenant.schemaName)}.audit_log where action = ? limit 1`, [
      SCHEDULE_SET,
    ]);
    if (chosen) return false;
    const before = await this.get(scope);
    if (!before.enabled) await this.upsert(scope, DEFAULT_REORDER_HOUR);
    await this.recordSet(scope, before, await this.get(scope));
    return !before.enabled;
  }

  private async upsert(scope: TenantScope, hour: number): Promise<void> {
    const args: [NightlyReorderInput] = [{ tenantId: scope.tenant.id }];
    await this.workflows.upsertSchedule(scope, KIND, KEY, 'nightlyReorder', args, {
      calendars: [{ hour, minute: 0 }],
      timezone: scope.tenant.timezone,
    });
  }

  private async recordSet(scope: TenantScope, before: { enabled: boolean; hour: number | null }, after: typeof before): Promise<void> {
    await scope.em.transactional((em) =>
      this.audit.record(withEm(scope, em), {
        action: SCHEDULE_SET,
        entityType: 'ReorderSuggestion',
        entityId: null,
        before: { enabled: before.enabled, hour: before.hour },
        after: { enabled: after.enabled, hour: after.hour },
      }),
    );
  }
}
