import { Injectable, Logger } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { latestVersion, migrateSchema } from '../database/migrations/migration-runner.js';
import { tenantMigrations } from '../database/migrations/index.js';
import type { Migration } from '../database/migrations/migration.js';

export interface TenantMigrationReport {
  target: string;
  total: number;
  upgraded: string[];
  alreadyCurrent: number;
  failed: Array<{ slug: string; error: string }>;
}

export interface MigrateAllOptions {
  batchSize?: number;
  /** Tenants migrated at the same time inside a batch. */
  concurrency?: number;
  migrations?: Migration[];
  onProgress?: (done: number, total: number) => void;
}

/**
 * Upgrades every tenant schema to the latest migration. Tenants are read in batches (memory stays flat with 10 or
 * 10,000 tenants), each tenant upgrades in its own transaction with its outcome recorded in
 * `tenant_migration_state`, a failure is recorded and the run goes on, and a rerun only touches tenants that are
 * not yet current — so it can be stopped and resumed at any point.
 */
@Injectable()
export class TenantMigrationService {
  private readonly logger = new Logger('TenantMigrations');

  constructor(private readonly orm: MikroORM) {}

  async migrateAll(options: MigrateAllOptions = {}): Promise<TenantMigrationReport> {
    const migrations = options.migrations ?? tenantMigrations;
    const target = latestVersion(migrations);
    const batchSize = options.batchSize ?? 50;
    const concurrency = options.concurrency ?? 4;
    const em = this.orm.em.fork();
    const [{ count }] = await em.execute<{ count: string }[]>(
      `select count(*) from public.tenant t left join public.tenant_migration_state m on m.tenant_id = t.id
       where m.version is distinct from ? or m.status <> 'succeeded'`,
      [target],
    );
    const report: TenantMigrationReport = { target, total: Number(count), upgraded: [], alreadyCurrent: 0, failed: [] };
    let afterSlug = '';
    let done = 0;
    for (;;) {
      const batch = await em.execute<{ id: string; slug: string; schema_name: string }[]>(
        `select t.id, t.slug, t.schema_name from public.tenant t left join public.tenant_migration_state m on m.tenant_id = t.id
         where (m.version is distinct from ? or m.status <> 'succeeded') and t.slug > ? order by t.slug limit ?`,
        [target, afterSlug, batchSize],
      );
      if (batch.length === 0) break;
      afterSlug = batch[batch.length - 1].slug;
      for (let i = 0; i < batch.length; i += concurrency) {
        await Promise.all(batch.slice(i, i + concurrency).map((tenant) => this.migrateOne(tenant, migrations, target, report)));
        done += Math.min(concurrency, batch.length - i);
        options.onProgress?.(done, report.total);
      }
    }
    return report;
  }

  private async migrateOne(
    tenant: { id: string; slug: string; schema_name: string },
    migrations: Migration[],
    target: string,
    report: TenantMigrationReport,
  ): Promise<void> {
    const em = this.orm.em.fork();
    await this.setState(em, tenant.id, 'running', null, null);
    try {
      const outcome = await migrateSchema(em, tenant.schema_name, migrations);
      await this.setState(em, tenant.id, 'succeeded', target, null);
      if (outcome.applied.length) report.upgraded.push(tenant.slug);
      else report.alreadyCurrent++;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.warn(`Tenant ${tenant.slug} failed to migrate: ${message}`);
      await this.setState(em, tenant.id, 'failed', null, message.slice(0, 2000));
      report.failed.push({ slug: tenant.slug, error: message });
    }
  }

  private async setState(
    em: ReturnType<MikroORM['em']['fork']>,
    tenantId: string,
    status: string,
    version: string | null,
    error: string | null,
  ): Promise<void> {
    await em.execute(
      `insert into public.tenant_migration_state (tenant_id, version, status, error, attempts, updated_at)
       values (?, coalesce(?, ''), ?, ?, case when ? = 'running' then 1 else 0 end, now())
       on conflict (tenant_id) do update set
         version = coalesce(?, tenant_migration_state.version),
         status = excluded.status,
         error = excluded.error,
         attempts = tenant_migration_state.attempts + case when excluded.status = 'running' then 1 else 0 end,
         updated_at = now()`,
      [tenantId, version, status, error, status, version],
    );
  }
}
