import { Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { systemScope } from '../../common/tenant-scope.js';
import { ident } from '../../database/sql.js';
import { TenantEntity } from '../../tenancy/tenant.entity.js';
import { toTenantRef } from '../../tenancy/tenant-ref.js';
import { ImportProgress } from './import-progress.js';
import { RESTART_MESSAGE } from './import-runner.js';

const TENANTS_PER_QUERY = 200;

/**
 * At boot, fails the jobs a dead process left `queued` or `running`, so none waits forever. Runs in the background
 * (boot does not wait for it) and costs two queries per 200 tenants plus one transaction per orphaned job. A job
 * whose lease is held by a live process (import-leases.ts) is left alone.
 */
@Injectable()
export class ImportRecovery implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('ImportRecovery');
  private sweep?: Promise<unknown>;

  constructor(
    private readonly orm: MikroORM,
    private readonly progress: ImportProgress,
  ) {}

  onApplicationBootstrap(): void {
    this.sweep = this.failOrphanedJobs().catch((error) => {
      this.logger.error(`Could not check for interrupted imports: ${(error as Error).message}`);
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.sweep;
  }

  private async failOrphanedJobs(): Promise<number> {
    const em = this.orm.em.fork();
    let afterSlug = '';
    let failed = 0;
    for (;;) {
      // Tenants whose schema has the table (a tenant still on an older migration has no imports to recover).
      const tenants = await em.execute<{ id: string; slug: string; schema_name: string }[]>(
        `select id, slug, schema_name from public.tenant
         where slug > ? and to_regclass(format('%I.import_job', schema_name)) is not null order by slug limit ?`,
        [afterSlug, TENANTS_PER_QUERY],
      );
      if (!tenants.length) return failed;
      afterSlug = tenants[tenants.length - 1].slug;
      const unfinished = await em.execute<{ tenant_id: string; id: string }[]>(
        tenants
          .map((t) => `select ?::uuid as tenant_id, id from ${ident(t.schema_name)}.import_job where status in ('queued', 'running')`)
          .join(' union all '),
        tenants.map((t) => t.id),
      );
      for (const job of unfinished) {
        const tenant = await em.findOneOrFail(TenantEntity, { id: job.tenant_id });
        const ref = toTenantRef(tenant);
        const scope = systemScope(ref, this.orm.em.fork({ schema: ref.schemaName }), 'import-recovery');
        if (await this.progress.fail(scope, job.id, RESTART_MESSAGE, { orphanedOnly: true })) {
          failed++;
          this.logger.warn(`Import ${job.id} of ${ref.slug} was interrupted by a restart; marked failed`);
        }
      }
    }
  }
}
