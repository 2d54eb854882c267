import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AuditService } from '../../audit/audit.service.js';
import { parseListQuery, type ListSpec } from '../../common/list-query.js';
import { Problem } from '../../common/problem.js';
import { assertCan, scopeWhere, withEm, type TenantScope } from '../../common/tenant-scope.js';
import { ImportFiles } from './import-files.js';
import { ImportJobEntity, importJobView } from './import-job.entity.js';
import { ImportLeases } from './import-leases.js';
import { ImportRunner, type QueuedImport } from './import-runner.js';

export const importListSpec: ListSpec = {
  sortable: { createdAt: 'createdAt', status: 'status' },
  defaultSort: ['createdAt', 'DESC'],
  filters: ['status'],
};

/** Catalogue imports as the API offers them: accept a file, then read the job's progress. */
@Injectable()
export class ImportJobsService {
  constructor(
    private readonly files: ImportFiles,
    private readonly leases: ImportLeases,
    private readonly runner: ImportRunner,
    private readonly audit: AuditService,
  ) {}

  /**
   * Checks and stores the file, records the job and queues it; the caller gets the job id at once (202) and the rows
   * are written in the background. Permission is checked before the body is read, so a refused upload costs nothing.
   */
  async start(scope: TenantScope, contentType: string | undefined, body: unknown): Promise<{ jobId: string }> {
    const job = await this.accept(scope, contentType, body);
    this.runner.enqueue(job);
    return { jobId: job.jobId };
  }

  /**
   * The same import, run now and awaited, for a caller that must know it is done (provisioning's catalogue step):
   * the job is recorded and listed like any other, refused rows included. Returns the finished job.
   */
  async importNow(scope: TenantScope, contentType: string | undefined, body: unknown) {
    const job = await this.accept(scope, contentType, body);
    await this.runner.runNow(job);
    return this.get(scope, job.jobId);
  }

  private async accept(scope: TenantScope, contentType: string | undefined, body: unknown): Promise<QueuedImport> {
    assertCan(scope, 'create', 'ImportJob');
    const file = await this.files.store(contentType, body);
    const jobId = randomUUID();
    try {
      // The lease is taken before the job exists, so a restart sweep in another process never sees it unowned.
      await this.leases.hold(jobId);
      await scope.em.fork().transactional(async (em) => {
        em.create(ImportJobEntity, {
          id: jobId,
          kind: 'products',
          status: 'queued',
          total: file.total,
          processed: 0,
          created: 0,
          updated: 0,
          failed: 0,
          errors: [],
          message: null,
          createdBy: scope.actor?.id ?? null,
          finishedAt: null,
        });
        await em.flush();
        await this.audit.record(withEm(scope, em), {
          action: 'import.started',
          entityType: 'ImportJob',
          entityId: jobId,
          after: { kind: 'products', rows: file.total, bytes: file.bytes, format: file.format.delimiter === ',' ? 'csv' : 'tsv' },
        });
      });
    } catch (error) {
      await this.leases.release(jobId);
      await this.files.remove(file);
      throw error;
    }
    const { em: _requestBound, ...owner } = scope;
    return { jobId, scope: owner, file };
  }

  async list(scope: TenantScope, rawQuery: Record<string, unknown>) {
    const query = parseListQuery(rawQuery, importListSpec);
    const where: Record<string, unknown>[] = [scopeWhere(scope, 'read', 'ImportJob')];
    if (query.filter.status !== undefined) {
      if (typeof query.filter.status !== 'string') throw Problem.badRequest('filter.status must be text.');
      where.push({ status: query.filter.status });
    }
    const [rows, total] = await scope.em.findAndCount(
      ImportJobEntity,
      { $and: where },
      { orderBy: [query.orderBy, { id: 'asc' }], limit: query.limit, offset: query.offset },
    );
    return { query, rows: rows.map((job) => importJobView(job, false)), total };
  }

  async get(scope: TenantScope, id: string) {
    const job = await scope.em.findOne(ImportJobEntity, { $and: [{ id }, scopeWhere(scope, 'read', 'ImportJob')] });
    if (!job) throw Problem.notFound('Import');
    return importJobView(job);
  }
}
