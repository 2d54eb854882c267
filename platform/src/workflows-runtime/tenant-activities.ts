import { DriverException, MikroORM } from '@mikro-orm/postgresql';
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { TenantActivityInput } from '@dawa/workflows';
import { Problem } from '../common/problem.js';
import { systemScope, type TenantScope } from '../common/tenant-scope.js';
import { TenantRegistry } from '../tenancy/tenant-registry.service.js';

/** An activity as the platform implements it: handed a system scope on the workflow's tenant, never a schema name. */
export type TenantActivity<I extends TenantActivityInput = TenantActivityInput> = (scope: TenantScope, input: I) => Promise<unknown>;

/** How often a running activity tells Temporal its worker is alive (well inside the workflows' heartbeat timeouts). */
const HEARTBEAT_INTERVAL_MS = 1000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function failureMessage(problem: Problem): string {
  const fields = problem.details.errors?.map((e) => `${e.field}: ${e.message}`).join('; ');
  return fields ? `${problem.message} (${fields})` : problem.message;
}

function databaseReason(error: DriverException): string {
  const reason = error.sqlMessage ?? error.message.split(' - ').pop() ?? 'unknown';
  return `Database error${error.code ? ` ${error.code}` : ''}: ${reason}`;
}

/**
 * Binds tenant activities for the worker. Each call resolves the input's tenant id in the registry and runs the
 * implementation in that tenant's schema; it heartbeats while it runs, so a worker that dies is noticed within the
 * heartbeat timeout and the activity retried elsewhere; and a client error (a 4xx Problem: bad data, a refused
 * setting) fails the attempt without retries, since running it again would fail the same way.
 */
export function bindTenantActivities(
  activities: Record<string, TenantActivity<any>>,
  deps: { registry: TenantRegistry; orm: MikroORM },
): Record<string, (input: TenantActivityInput) => Promise<unknown>> {
  const bind =
    (name: string, activity: TenantActivity<any>) =>
    async (input: TenantActivityInput): Promise<unknown> => {
      if (typeof input?.tenantId !== 'string' || !UUID.test(input.tenantId)) {
        throw ApplicationFailure.nonRetryable(`Activity ${name} needs the tenant id in its input`, 'InvalidTenantActivityInput');
      }
      const tenant = await deps.registry.byId(input.tenantId);
      if (!tenant) throw ApplicationFailure.nonRetryable(`No tenant ${input.tenantId}`, 'UnknownTenant');
      const context = Context.current();
      const scope = systemScope(
        tenant,
        deps.orm.em.fork({ schema: tenant.schemaName }),
        `workflow ${context.info.workflowExecution?.workflowId}`,
      );
      const heartbeat = setInterval(() => context.heartbeat(), HEARTBEAT_INTERVAL_MS);
      try {
        return await activity(scope, input);
      } catch (error) {
        if (error instanceof Problem && error.status < 500)
          throw ApplicationFailure.nonRetryable(failureMessage(error), error.details.type);
        // Failures end up in workflow history and on the operator's progress page: the database's reason, not the SQL.
        if (error instanceof DriverException) throw ApplicationFailure.retryable(databaseReason(error), 'DatabaseError');
        throw error;
      } finally {
        clearInterval(heartbeat);
      }
    };
  return Object.fromEntries(Object.entries(activities).map(([name, activity]) => [name, bind(name, activity)]));
}
