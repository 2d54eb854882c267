import type { INestApplicationContext } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { systemScope, type TenantScope } from '../common/tenant-scope.js';
import { PrescriptionReviewWorkflow } from '../prescriptions/prescription-review-workflow.js';
import { PurchaseOrderWorkflow } from '../purchasing/purchase-orders/purchase-order-workflow.js';
import { toTenantRef } from '../tenancy/tenant-ref.js';
import { TenantEntity } from '../tenancy/tenant.entity.js';

/** The tenant migration that added the columns the sweep reads; tenants not yet on it are skipped. */
const RECOVERY_MIGRATION = '0013-workflow-recovery';

/** Starts one domain's missing workflows in a tenant; returns how many it started. */
type Recover = (scope: TenantScope) => Promise<number>;

function recoveries(app: INestApplicationContext): Record<string, Recover> {
  const prescriptions = app.get(PrescriptionReviewWorkflow);
  const purchaseOrders = app.get(PurchaseOrderWorkflow);
  return {
    'prescription-review': (scope) => prescriptions.recover(scope),
    'purchase-order': (scope) => purchaseOrders.recover(scope),
  };
}

/**
 * One sweep over every active tenant: starts the workflows whose start was lost while Temporal was unreachable
 * (a prescription uploaded, a purchase order submitted). Each domain finds them with one query on a partial index of
 * records not yet known to have a workflow, so a sweep costs a couple of index lookups per tenant when nothing is
 * missing. Starting a workflow that is already running changes nothing, so two workers sweeping at once are harmless.
 */
export async function recoverWorkflows(app: INestApplicationContext, logger?: Logger): Promise<number> {
  const orm = app.get(MikroORM);
  const em = orm.em.fork();
  const tenants = await em.find(TenantEntity, { status: 'active' }, { orderBy: { slug: 'asc' } });
  const current = new Set(
    (
      await em.execute<{ tenant_id: string }[]>('select tenant_id from public.tenant_migration_state where version >= ?', [
        RECOVERY_MIGRATION,
      ])
    ).map((row) => row.tenant_id),
  );
  const domains = Object.entries(recoveries(app));
  let started = 0;
  for (const tenant of tenants.filter((t) => current.has(t.id))) {
    const ref = toTenantRef(tenant);
    for (const [kind, recover] of domains) {
      const count = await recover(systemScope(ref, orm.em.fork({ schema: ref.schemaName }), 'workflow-recovery'));
      if (count) logger?.warn({ tenant: ref.slug, kind, started: count }, 'Started workflows whose start was lost');
      started += count;
    }
  }
  return started;
}

export interface WorkflowRecoveryHandle {
  stop(): Promise<void>;
}

/** Sweeps once now (a worker starting after an outage) and then every interval, skipping a turn while one still runs. */
export function startWorkflowRecovery(app: INestApplicationContext, logger: Logger, everyMs: number): WorkflowRecoveryHandle {
  let running: Promise<void> | undefined;
  const sweep = () => {
    running ??= recoverWorkflows(app, logger)
      .then(() => undefined)
      .catch((error: unknown) => logger.error({ err: error instanceof Error ? error.message : String(error) }, 'Workflow recovery failed'))
      .finally(() => {
        running = undefined;
      });
  };
  sweep();
  const timer = setInterval(sweep, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
