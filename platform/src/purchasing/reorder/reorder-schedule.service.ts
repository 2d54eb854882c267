import { Injectable } from '@nestjs/common';
import type { NightlyReorderInput } from '@dawa/workflows';
import { AuditService } from '../../audit/audit.service.js';
import { assertCan, withEm, type TenantScope } from '../../common/tenant-scope.js';
import { TenantWorkflows } from '../../workflows-runtime/tenant-workflows.service.js';
import type { ReorderScheduleInput } from '../purchasing.schemas.js';

const KIND = 'reorder';
const KEY = 'nightly';

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
    const args: [NightlyReorderInput] = [{ tenantId: scope.tenant.id }];
    if (input.enabled)
      await this.workflows.upsertSchedule(scope, KIND, KEY, 'nightlyReorder', args, {
        calendars: [{ hour: input.hour, minute: 0 }],
        timezone: scope.tenant.timezone,
      });
    else await this.workflows.deleteSchedule(scope, KIND, KEY);
    const after = await this.get(scope);
    await scope.em.transactional((em) =>
      this.audit.record(withEm(scope, em), {
        action: 'reorder.schedule-set',
        entityType: 'ReorderSuggestion',
        entityId: null,
        before: { enabled: before.enabled, hour: before.hour },
        after: { enabled: after.enabled, hour: after.hour },
      }),
    );
    return after;
  }
}
