import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { TenantScope } from '../../common/tenant-scope.js';
import { isBlank, readRecords, type DelimitedRecord } from './delimited-records.js';
import { ImportBatchWriter } from './import-batch.js';
import { ImportFiles, type ImportFile } from './import-files.js';
import { columnIndex, type ColumnIndex } from './import-format.js';
import type { ImportRowError } from './import-job.entity.js';
import { ImportLeases } from './import-leases.js';
import { ImportCancelled, ImportProgress, MAX_STORED_ERRORS } from './import-progress.js';
import { readRow, type ImportRow } from './import-row.js';
import { InFileDuplicates } from './in-file-duplicates.js';

/** Rows per transaction: large enough to amortise commit and audit, small enough that progress moves every second or so. */
export const BATCH_SIZE = 500;
/** Jobs worked on at once by this process (never two of one tenant): imports share the API's cores and pool. */
const MAX_RUNNING = 2;

/** Why a job stopped, and what to do about it: imports are idempotent, so the answer is always "send it again". */
const stopped = (why: string) =>
  `${why} Rows already imported are saved; importing the same file again is safe: it updates the products already there instead of duplicating them, and adds the rest.`;
export const RESTART_MESSAGE = stopped('The server restarted while this import was in progress.');
const SHUTDOWN_MESSAGE = stopped('The server shut down while this import was in progress.');
const ERROR_MESSAGE = stopped('The import stopped because of an unexpected error.');

export interface QueuedImport {
  jobId: string;
  /** The uploader's scope, kept for the audit entries; its request-bound EntityManager is never used. */
  scope: Omit<TenantScope, 'em'>;
  file: ImportFile;
}

class Stopping extends Error {}

/**
 * Works through accepted imports in the API process after the 202: reads the stored file as a stream, turns records
 * into rows, and hands batches to the batch writer. Memory holds one batch plus the file's keys and barcodes.
 */
@Injectable()
export class ImportRunner implements BeforeApplicationShutdown {
  private readonly logger = new Logger('ImportRunner');
  private readonly queue: QueuedImport[] = [];
  private readonly running = new Map<string, Promise<void>>();
  private readonly busyTenants = new Set<string>();
  private stopping = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly files: ImportFiles,
    private readonly leases: ImportLeases,
    private readonly progress: ImportProgress,
    private readonly batches: ImportBatchWriter,
  ) {}

  enqueue(job: QueuedImport): void {
    this.queue.push(job);
    this.next();
  }

  /** Runs an accepted job at once, outside the queue, and resolves when it has finished (completed or failed). */
  runNow(job: QueuedImport): Promise<void> {
    return this.run(job);
  }

  /** Lets running jobs finish their current batch, then fails them (and queued ones) with a message saying re-import is safe. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    const waiting = this.queue.splice(0, this.queue.length);
    await Promise.all([...this.running.values(), ...waiting.map((job) => this.finish(job, SHUTDOWN_MESSAGE))]);
  }

  private next(): void {
    while (!this.stopping && this.running.size < MAX_RUNNING) {
      const index = this.queue.findIndex((job) => !this.busyTenants.has(job.scope.tenant.id));
      if (index < 0) return;
      const [job] = this.queue.splice(index, 1);
      this.busyTenants.add(job.scope.tenant.id);
      this.running.set(
        job.jobId,
        this.run(job).finally(() => {
          this.running.delete(job.jobId);
          this.busyTenants.delete(job.scope.tenant.id);
          this.next();
        }),
      );
    }
  }

  private scope(job: QueuedImport): TenantScope {
    return { ...job.scope, em: this.orm.em.fork({ schema: job.scope.tenant.schemaName }) };
  }

  private async run(job: QueuedImport): Promise<void> {
    let failure: string | undefined;
    try {
      if (!(await this.progress.begin(this.scope(job), job.jobId))) return;
      await this.process(job);
      await this.progress.complete(this.scope(job), job.jobId);
    } catch (error) {
      if (error instanceof ImportCancelled) this.logger.warn(error.message);
      else if (error instanceof Stopping) failure = SHUTDOWN_MESSAGE;
      else {
        this.logger.error(`Import ${job.jobId} failed: ${(error as Error)?.stack ?? String(error)}`);
        failure = ERROR_MESSAGE;
      }
    } finally {
      await this.finish(job, failure);
    }
  }

  /** Fails the job when there is a reason, then gives back its file and lease; never throws. */
  private async finish(job: QueuedImport, failure?: string): Promise<void> {
    try {
      if (failure) await this.progress.fail(this.scope(job), job.jobId, failure);
    } catch (error) {
      this.logger.error(`Could not mark import ${job.jobId} failed: ${(error as Error).message}`);
    }
    await this.files.remove(job.file).catch(() => undefined);
    await this.leases.release(job.jobId);
  }

  private async process(job: QueuedImport): Promise<void> {
    const duplicates = new InFileDuplicates();
    const stored = { errors: 0 };
    let header: { columns: ColumnIndex; length: number } | undefined;
    let batch: DelimitedRecord[] = [];
    for await (const record of readRecords(this.files.read(job.file), job.file.format)) {
      if (!header) {
        header = { columns: columnIndex(record.fields, job.file.format), length: record.fields.length };
        continue;
      }
      if (isBlank(record)) continue;
      batch.push(record);
      if (batch.length === BATCH_SIZE) {
        await this.processBatch(job, header, batch, duplicates, stored);
        batch = [];
        if (this.stopping) throw new Stopping();
      }
    }
    if (header && batch.length) await this.processBatch(job, header, batch, duplicates, stored);
  }

  private async processBatch(
    job: QueuedImport,
    header: { columns: ColumnIndex; length: number },
    records: DelimitedRecord[],
    duplicates: InFileDuplicates,
    stored: { errors: number },
  ): Promise<void> {
    const rows: ImportRow[] = [];
    const refused: ImportRowError[] = [];
    for (const record of records) {
      const result = readRow(record, header.columns, header.length, job.scope.tenant);
      const problem = 'message' in result ? result.message : duplicates.claim(result.row);
      if (problem) refused.push({ row: record.line, message: problem });
      else if ('row' in result) rows.push(result.row);
    }
    const span = { first: records[0].line, last: records[records.length - 1].line, count: records.length };
    let kept = 0;
    await this.batches.write(this.scope(job), rows, refused, async (tx, outcome) => {
      const keep = outcome.errors.slice(0, Math.max(0, MAX_STORED_ERRORS - stored.errors));
      await this.progress.recordBatch(tx, job.jobId, span, outcome, keep);
      kept = keep.length;
    });
    stored.errors += kept;
  }
}
