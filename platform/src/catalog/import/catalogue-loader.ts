import { Injectable } from '@nestjs/common';
import { Problem } from '../../common/problem.js';
import type { TenantScope } from '../../common/tenant-scope.js';
import { readRecords } from './delimited-records.js';
import { columnIndex, importFormat } from './import-format.js';
import { ImportJobsService } from './import-jobs.service.js';

/** A catalogue file held in memory: what a provisioning request brings along (the import API's formats). */
export interface CatalogueFile {
  contentType: 'text/csv' | 'text/tab-separated-values';
  content: string;
}

/** How many refused rows a failure message names; the rest are counted. */
const ERRORS_NAMED = 5;

/**
 * Loads catalogue files into a tenant and returns when they are in, for provisioning. Each file is an ordinary
 * import job, run at once instead of queued: the same reading, checks and batch writes as `POST /products/import`,
 * and the job (with any refused rows) is in the chain's import history like any other. Loading a file again updates
 * the products it created instead of duplicating them, which is what makes a retried or resumed step safe.
 */
@Injectable()
export class CatalogueLoader {
  constructor(private readonly imports: ImportJobsService) {}

  /** Refuses, before anything is registered, a file whose media type or header cannot be imported at all. */
  async checkHeader(file: CatalogueFile, position: number): Promise<void> {
    const format = importFormat(file.contentType, () => file.content.split('\n', 1)[0]);
    for await (const record of readRecords([file.content], format)) {
      columnIndex(record.fields, format);
      return;
    }
    throw Problem.badRequest(`Catalogue file ${position + 1} is empty. Send a header line and at least one row.`);
  }

  /**
   * Imports the files in order. A file none of whose rows could be imported is refused as a whole (422, naming the
   * first rows and why), since a chain provisioned with an empty catalogue by mistake is worse than a provisioning
   * that stops and says so; some refused rows among good ones are listed in the import job, as for any import. An
   * import stopped by a restart is thrown as a plain error, so Temporal retries the step on a live worker.
   */
  async load(scope: TenantScope, files: CatalogueFile[]): Promise<{ created: number; updated: number }> {
    const totals = { created: 0, updated: 0 };
    for (const [position, file] of files.entries()) {
      const job = await this.imports.importNow(scope, file.contentType, file.content);
      const name = files.length > 1 ? `Catalogue file ${position + 1}` : 'The catalogue';
      if (job.status !== 'completed') throw new Error(`${name} was not imported: ${job.message}`);
      if (job.created + job.updated === 0) {
        const named = (job.errors ?? [])
          .slice(0, ERRORS_NAMED)
          .map((e) => `row ${e.row}: ${e.message}`)
          .join('; ');
        const more = job.failed > ERRORS_NAMED ? ` (and ${job.failed - ERRORS_NAMED} more)` : '';
        throw Problem.unprocessable(
          `${name} has no row that can be imported. Correct the file and retry: ${named}${more}.`,
          'catalogue-invalid',
        );
      }
      totals.created += job.created;
      totals.updated += job.updated;
    }
    return totals;
  }
}
