import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { withEm, type TenantScope } from '../../common/tenant-scope.js';
import { ident } from '../../database/sql.js';
import type { BatchOutcome } from './import-batch.js';
import { jobLockKey } from './import-leases.js';
import type { ImportRowError } from './import-job.entity.js';

/** At most this many row errors are stored per job; `failed` still counts them all. */
export const MAX_STORED_ERRORS = 1000;

/** The job was failed or removed while it ran (a restart sweep that mistook it for dead): stop writing. */
export class ImportCancelled extends Error {
  constructor(jobId: string) {
    super(`Import ${jobId} is no longer running`);
  }
}

/**
 * The job's state machine (queued → running → completed | failed) and its counters. Every change is conditional on
 * the state it expects, so a job can only finish once and a batch can only be counted while its job is running.
 */
@Injectable()
export class ImportProgress {
  constructor(private readonly audit: AuditService) {}

  async begin(scope: TenantScope, jobId: string): Promise<boolean> {
    const rows = await scope.em.execute(
      `update ${ident(scope.tenant.schemaName)}.import_job set status = 'running' where id = ? and status = 'queued' returning id`,
      [jobId],
    );
    return rows.length === 1;
  }

  /**
   * Counts a batch inside its transaction and audits it. One audit entry per batch, not per product: appending to
   * the hash chain takes the tenant's audit lock, so 100,000 entries would serialise the import behind the chain
   * and bury the log in rows nobody reads. The entry names every product the batch created or updated, so "which
   * import changed this product" stays answerable.
   */
  async recordBatch(
    tx: TenantScope,
    jobId: string,
    rows: { first: number; last: number; count: number },
    outcome: BatchOutcome,
    storedErrors: ImportRowError[],
  ): Promise<void> {
    const updated = await tx.em.execute(
      `update ${ident(tx.tenant.schemaName)}.import_job
       set processed = processed + ?, created = created + ?, updated = updated + ?, failed = failed + ?, errors = errors || ?::jsonb
       where id = ? and status = 'running' returning id`,
      [rows.count, outcome.created.length, outcome.updated.length, outcome.errors.length, JSON.stringify(storedErrors), jobId],
    );
    if (updated.length !== 1) throw new ImportCancelled(jobId);
    await this.audit.record(tx, {
      action: 'product.imported',
      entityType: 'ImportJob',
      entityId: jobId,
      after: {
        rows: `${rows.first}-${rows.last}`,
        created: outcome.created.length,
        updated: outcome.updated.length,
        failed: outcome.errors.length,
        createdIds: outcome.created,
        updatedIds: outcome.updated,
      },
    });
  }

  async complete(scope: TenantScope, jobId: string): Promise<boolean> {
    return this.finish(scope, jobId, 'completed', ['running'], (job) =>
      job.failed > MAX_STORED_ERRORS ? `${job.failed} rows failed; the first ${MAX_STORED_ERRORS} are listed.` : null,
    );
  }

  /**
   * Fails a job that has not finished. `orphanedOnly` (the restart sweep) skips jobs whose lease some live process
   * still holds, so a process booting beside another never fails the other's work.
   */
  async fail(scope: TenantScope, jobId: string, message: string, options: { orphanedOnly?: boolean } = {}): Promise<boolean> {
    return this.finish(scope, jobId, 'failed', ['queued', 'running'], () => message, options.orphanedOnly);
  }

  private async finish(
    scope: TenantScope,
    jobId: string,
    status: 'completed' | 'failed',
    from: string[],
    message: (job: { failed: number }) => string | null,
    orphanedOnly = false,
  ): Promise<boolean> {
    const s = ident(scope.tenant.schemaName);
    return scope.em.fork().transactional(async (em) => {
      const [job] = await em.execute<{ total: number; processed: number; created: number; updated: number; failed: number }[]>(
        `select total, processed, created, updated, failed from ${s}.import_job
         where id = ? and status in (${from.map(() => '?').join(',')}) ${orphanedOnly ? `and pg_try_advisory_xact_lock(${jobLockKey('id::text')})` : ''}
         for update`,
        [jobId, ...from],
      );
      if (!job) return false;
      await em.execute(`update ${s}.import_job set status = ?, message = ?, finished_at = now() where id = ?`, [
        status,
        message(job),
        jobId,
      ]);
      await this.audit.record(withEm(scope, em), {
        action: `import.${status}`,
        entityType: 'ImportJob',
        entityId: jobId,
        after: { ...job, message: message(job) },
      });
      return true;
    });
  }
}
