import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { systemScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { PLATFORM_LOGGER } from '../infrastructure/logger.provider.js';
import { TenantRegistry } from '../tenancy/tenant-registry.service.js';
import type { TenantRef } from '../tenancy/tenant-ref.js';
import { PermanentFailure, type HandlerOptions, type OutboxHandler } from './outbox-handler.js';
import { retryDelayMs } from './retry-backoff.js';

const BATCH = 20;
const LEASE = '5 minutes';
const TENANTS_IN_PARALLEL = 4;
const DEFAULT_MAX_ATTEMPTS = 8;
const MAX_TIMER_MS = 2 ** 31 - 1;
const MIN_TIMER_MS = 100;

interface ClaimedRow {
  id: string;
  topic: string;
  payload: unknown;
  attempts: number;
  created_at: Date;
}

/**
 * Delivers outbox events to their topic's handler. Woken per tenant (by NOTIFY on commit, a retry timer, or the
 * periodic sweep), it claims due events with `FOR UPDATE SKIP LOCKED` and a lease, so API processes running side by
 * side never handle one event at the same time, and an event whose process died is claimed again once its lease
 * runs out. Tenants are worked through a few at a time; a tenant's events in the order they were emitted, except
 * that an event waiting out its backoff does not hold up the ones behind it.
 */
@Injectable()
export class OutboxDispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly handlers = new Map<string, { handler: OutboxHandler; maxAttempts: number }>();
  private readonly due = new Set<string>();
  private readonly inProgress = new Map<string, Promise<number>>();
  private readonly retryTimers = new Map<string, NodeJS.Timeout>();
  private pump?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly tenants: TenantRegistry,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  /** One handler per topic; modules register theirs in onModuleInit. */
  register(topic: string, handler: OutboxHandler<any>, options: HandlerOptions = {}): void {
    if (this.handlers.has(topic)) throw new Error(`Outbox topic ${topic} already has a handler`);
    this.handlers.set(topic, { handler, maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS });
  }

  onApplicationBootstrap(): void {
    this.stopped = false;
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const timer of this.retryTimers.values()) clearTimeout(timer);
    this.retryTimers.clear();
    await this.pump;
    await Promise.all(this.inProgress.values());
  }

  /** A tenant may have due events: work through them soon. */
  wake(tenantId: string): void {
    if (this.stopped) return;
    this.due.add(tenantId);
    this.pump ??= this.work().finally(() => {
      this.pump = undefined;
      if (this.due.size) this.wake([...this.due][0]);
    });
  }

  /**
   * Handles every due event of one tenant (or of all tenants) until none is left, and returns how many it handled;
   * with `ignoreBackoff` events waiting for a retry are due now. For tests and operators: the background work does
   * the same by itself.
   */
  async drain(tenant?: TenantRef, options: { ignoreBackoff?: boolean } = {}): Promise<number> {
    const ids = tenant ? [tenant.id] : (await this.tenantsWithPendingEvents()).map((t) => t.id);
    let handled = 0;
    for (const id of ids) {
      await this.inProgress.get(id);
      for (let round; (round = await this.processTenant(id, options.ignoreBackoff ?? false)) > 0;) handled += round;
    }
    return handled;
  }

  /** Tenant ids with pending events, due now or later: the sweep wakes the due ones and re-arms retry timers. */
  async tenantsWithPendingEvents(): Promise<Array<{ id: string; schemaName: string }>> {
    const rows = await this.orm.em
      .fork()
      .execute<{ id: string; schema_name: string }[]>(
        `select id, schema_name from public.tenant where status = 'active' and to_regclass(format('%I.outbox_event', schema_name)) is not null`,
      );
    if (!rows.length) return [];
    const pending = new Set<string>();
    for (let i = 0; i < rows.length; i += 200) {
      const chunk = rows.slice(i, i + 200);
      const found = await this.orm.em.fork().execute<{ tenant_id: string }[]>(
        chunk
          .map(
            (t) => `select ?::uuid as tenant_id where exists (select 1 from ${ident(t.schema_name)}.outbox_event where status = 'pending')`,
          )
          .join(' union all '),
        chunk.map((t) => t.id),
      );
      for (const row of found) pending.add(row.tenant_id);
    }
    return rows.filter((r) => pending.has(r.id)).map((r) => ({ id: r.id, schemaName: r.schema_name }));
  }

  /** Deletes handled events older than a week: the outbox is a queue, not a history (the audit log is that). */
  async purgeHandled(): Promise<number> {
    const em = this.orm.em.fork();
    const tenants = await em.execute<{ schema_name: string }[]>(
      `select schema_name from public.tenant where to_regclass(format('%I.outbox_event', schema_name)) is not null`,
    );
    let purged = 0;
    for (const { schema_name } of tenants) {
      const [{ count }] = await em.execute<{ count: string }[]>(
        `with handled as (delete from ${ident(schema_name)}.outbox_event where status = 'done' and processed_at < now() - interval '7 days' returning 1)
         select count(*) from handled`,
      );
      purged += Number(count);
    }
    return purged;
  }

  private async work(): Promise<void> {
    while (this.due.size && !this.stopped) {
      const batch = [...this.due].filter((id) => !this.inProgress.has(id)).slice(0, TENANTS_IN_PARALLEL);
      if (!batch.length) {
        await Promise.race(this.inProgress.values());
        continue;
      }
      for (const id of batch) this.due.delete(id);
      await Promise.all(batch.map((id) => this.processTenant(id, false).catch((error) => this.logFailure(id, error))));
    }
  }

  private processTenant(tenantId: string, ignoreBackoff: boolean): Promise<number> {
    const previous = this.inProgress.get(tenantId) ?? Promise.resolve(0);
    const run = previous
      .catch(() => 0)
      .then(() => this.handleDueEvents(tenantId, ignoreBackoff))
      .finally(() => {
        if (this.inProgress.get(tenantId) === run) this.inProgress.delete(tenantId);
      });
    this.inProgress.set(tenantId, run);
    return run;
  }

  private async handleDueEvents(tenantId: string, ignoreBackoff: boolean): Promise<number> {
    const tenant = await this.tenants.byId(tenantId);
    if (!tenant || tenant.status !== 'active') return 0;
    let handled = 0;
    for (;;) {
      const claimed = await this.claim(tenant, ignoreBackoff);
      for (const row of claimed) await this.handleOne(tenant, row);
      handled += claimed.length;
      if (claimed.length < BATCH || this.stopped) break;
    }
    await this.armRetryTimer(tenant);
    return handled;
  }

  private async claim(tenant: TenantRef, ignoreBackoff: boolean): Promise<ClaimedRow[]> {
    const s = ident(tenant.schemaName);
    return this.orm.em.fork().execute<ClaimedRow[]>(
      `update ${s}.outbox_event e set locked_until = now() + interval '${LEASE}', attempts = e.attempts + 1
       where e.id in (
         select id from ${s}.outbox_event
         where status = 'pending' and (? or available_at <= now()) and (locked_until is null or locked_until < now())
         order by id limit ${BATCH} for update skip locked)
       returning e.id::text as id, e.topic, e.payload, e.attempts, e.created_at`,
      [ignoreBackoff],
    );
  }

  private async handleOne(tenant: TenantRef, row: ClaimedRow): Promise<void> {
    const s = ident(tenant.schemaName);
    const em = this.orm.em.fork();
    const registered = this.handlers.get(row.topic);
    try {
      if (!registered) throw new Error(`No handler for outbox topic ${row.topic} in this process`);
      const scope = systemScope(tenant, this.orm.em.fork({ schema: tenant.schemaName }), `outbox:${row.topic}`);
      await registered.handler.handle(
        { id: row.id, topic: row.topic, payload: row.payload, attempts: row.attempts, createdAt: new Date(row.created_at) },
        scope,
      );
      await em.execute(
        `update ${s}.outbox_event set status = 'done', processed_at = now(), locked_until = null, last_error = null where id = ?`,
        [row.id],
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const park = error instanceof PermanentFailure || row.attempts >= (registered?.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
      const log = { tenant: tenant.slug, topic: row.topic, outboxEventId: row.id, attempts: row.attempts, err: message };
      if (park) this.logger.error(log, 'Outbox event parked: an admin can retry it after fixing the cause');
      else this.logger.warn(log, 'Outbox event failed; it will be retried');
      await em.execute(
        `update ${s}.outbox_event
         set status = ?, locked_until = null, last_error = left(?, 2000), available_at = now() + (? * interval '1 millisecond')
         where id = ?`,
        [park ? 'parked' : 'pending', message, park ? 0 : retryDelayMs(row.attempts), row.id],
      );
    }
  }

  /** Wakes the tenant again when its next event waiting out a backoff is due. */
  private async armRetryTimer(tenant: TenantRef): Promise<void> {
    const [next] = await this.orm.em.fork().execute<{ wait_ms: string | null }[]>(
      // An event leased by another process is not due before its lease ends.
      `select extract(epoch from (min(greatest(available_at, coalesce(locked_until, available_at))) - now())) * 1000 as wait_ms
         from ${ident(tenant.schemaName)}.outbox_event where status = 'pending'`,
    );
    clearTimeout(this.retryTimers.get(tenant.id));
    this.retryTimers.delete(tenant.id);
    if (next?.wait_ms === null || next?.wait_ms === undefined || this.stopped) return;
    const timer = setTimeout(
      () => {
        this.retryTimers.delete(tenant.id);
        this.wake(tenant.id);
      },
      Math.min(MAX_TIMER_MS, Math.max(MIN_TIMER_MS, Number(next.wait_ms) + 5)),
    );
    timer.unref();
    this.retryTimers.set(tenant.id, timer);
  }

  private logFailure(tenantId: string, error: unknown): number {
    this.logger.error({ tenantId, err: error instanceof Error ? error.message : String(error) }, 'Outbox dispatch failed for a tenant');
    return 0;
  }
}
