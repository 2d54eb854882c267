import { Injectable } from '@nestjs/common';
import {
  isGrpcServiceError,
  ScheduleNotFoundError,
  ServiceError,
  WorkflowNotFoundError,
  type ScheduleDescription,
  type ScheduleSpec,
  type WorkflowExecutionDescription,
  type WorkflowHandle,
} from '@temporalio/client';
import { defineSearchAttributeKey, SearchAttributeType, type QueryDefinition, type SignalDefinition } from '@temporalio/common';
import { belongsToTenant, tenantWorkflowId, TENANT_ID_SEARCH_ATTRIBUTE, type WorkflowKind } from '@dawa/workflows';
import { Problem } from '../common/problem.js';
import type { TenantScope } from '../common/tenant-scope.js';
import { TemporalRuntime } from './temporal-runtime.js';

const QUERY_DEADLINE_MS = 5000;
const TENANT_ID = defineSearchAttributeKey(TENANT_ID_SEARCH_ATTRIBUTE, SearchAttributeType.KEYWORD);

/**
 * The only way platform code talks to workflows. Everything is for one TenantScope: ids are always
 * `<tenantId>/<kind>/<key>`, every start carries the `TenantId` search attribute, and a signal, query or describe
 * naming a workflow id of another tenant is refused with 404 before anything reaches Temporal.
 */
@Injectable()
export class TenantWorkflows {
  constructor(private readonly temporal: TemporalRuntime) {}

  workflowId(scope: TenantScope, kind: WorkflowKind, key: string): string {
    return tenantWorkflowId(scope.tenant.id, kind, key);
  }

  /** Starts a workflow, or returns the running one when this id is already running (a retried request). */
  async start(scope: TenantScope, kind: WorkflowKind, key: string, workflowType: string, args: unknown[]): Promise<WorkflowHandle> {
    const workflowId = this.workflowId(scope, kind, key);
    return this.translated(() =>
      this.temporal.client.workflow.start(workflowType, {
        workflowId,
        taskQueue: this.temporal.taskQueue,
        args,
        workflowIdConflictPolicy: 'USE_EXISTING',
        typedSearchAttributes: [{ key: TENANT_ID, value: scope.tenant.id }],
      }),
    );
  }

  /** Signals the workflow, starting it first when it is not running (resuming work whose workflow was lost or ended). */
  async signalWithStart(
    scope: TenantScope,
    kind: WorkflowKind,
    key: string,
    workflowType: string,
    args: unknown[],
    signal: SignalDefinition<[]>,
  ): Promise<WorkflowHandle> {
    const workflowId = this.workflowId(scope, kind, key);
    return this.translated(() =>
      this.temporal.client.workflow.signalWithStart(workflowType, {
        workflowId,
        taskQueue: this.temporal.taskQueue,
        args,
        signal,
        typedSearchAttributes: [{ key: TENANT_ID, value: scope.tenant.id }],
      }),
    );
  }

  async signal<A extends unknown[]>(scope: TenantScope, workflowId: string, signal: SignalDefinition<A>, ...args: A): Promise<void> {
    await this.translated(() => this.handle(scope, workflowId).signal(signal, ...args));
  }

  /** Queries need a worker to answer; without one the query fails after a few seconds instead of hanging. */
  async query<R, A extends unknown[]>(scope: TenantScope, workflowId: string, query: QueryDefinition<R, A>, ...args: A): Promise<R> {
    const handle = this.handle(scope, workflowId);
    return this.translated(() => this.temporal.client.withDeadline(Date.now() + QUERY_DEADLINE_MS, () => handle.query(query, ...args)));
  }

  async describe(scope: TenantScope, workflowId: string): Promise<WorkflowExecutionDescription> {
    return this.translated(() => this.handle(scope, workflowId).describe());
  }

  /**
   * Creates or replaces the tenant's schedule `<tenantId>/<kind>/<key>`: on the spec's calendar it starts
   * `workflowType`, with workflow ids under the same prefix and the `TenantId` search attribute.
   */
  async upsertSchedule(
    scope: TenantScope,
    kind: WorkflowKind,
    key: string,
    workflowType: string,
    args: unknown[],
    spec: ScheduleSpec,
  ): Promise<void> {
    const scheduleId = this.workflowId(scope, kind, key);
    const action = {
      type: 'startWorkflow' as const,
      workflowType,
      args,
      workflowId: scheduleId,
      taskQueue: this.temporal.taskQueue,
      typedSearchAttributes: [{ key: TENANT_ID, value: scope.tenant.id }],
    };
    await this.translated(async () => {
      try {
        await this.temporal.client.schedule.getHandle(scheduleId).update((current) => ({ ...current, spec, action }));
      } catch (error) {
        if (!(error instanceof ScheduleNotFoundError)) throw error;
        await this.temporal.client.schedule.create({
          scheduleId,
          spec,
          action,
          typedSearchAttributes: [{ key: TENANT_ID, value: scope.tenant.id }],
        });
      }
    });
  }

  /** The tenant's schedule, or undefined when it has none. */
  async describeSchedule(scope: TenantScope, kind: WorkflowKind, key: string): Promise<ScheduleDescription | undefined> {
    return this.translated(async () => {
      try {
        return await this.temporal.client.schedule.getHandle(this.workflowId(scope, kind, key)).describe();
      } catch (error) {
        if (error instanceof ScheduleNotFoundError) return undefined;
        throw error;
      }
    });
  }

  async deleteSchedule(scope: TenantScope, kind: WorkflowKind, key: string): Promise<void> {
    await this.translated(async () => {
      try {
        await this.temporal.client.schedule.getHandle(this.workflowId(scope, kind, key)).delete();
      } catch (error) {
        if (!(error instanceof ScheduleNotFoundError)) throw error;
      }
    });
  }

  private handle(scope: TenantScope, workflowId: string): WorkflowHandle {
    if (!belongsToTenant(workflowId, scope.tenant.id)) throw Problem.notFound('Workflow');
    return this.temporal.client.workflow.getHandle(workflowId);
  }

  /** Temporal's errors as the API speaks them: an unknown workflow is 404; an unreachable server (or no worker to answer a query) 503. */
  private async translated<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof WorkflowNotFoundError) throw Problem.notFound('Workflow');
      if (error instanceof ServiceError || isGrpcServiceError(error)) {
        throw new Problem(
          503,
          'workflows-unavailable',
          'Workflows unavailable',
          'The workflow service is not answering right now. Try again shortly.',
        );
      }
      throw error;
    }
  }
}
