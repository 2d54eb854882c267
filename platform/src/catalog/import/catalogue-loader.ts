import { Injectable } from '@nestjs/common';
import { Problem } from '../../common/problem.js';
import type { TenantScope } from '../../common/tenant-scope.js';
import { isBlank, isEncodingError, readRecords, type DelimitedFormat, type DelimitedRecord } from './delimited-records.js';
import { ImportBatchWriter } from './import-batch.js';
import { columnIndex, importFormat } from './import-format.js';
import type { ImportRowError } from './import-job.entity.js';
import { readRow, type ImportRow } from './import-row.js';
import { BATCH_SIZE } from './import-runner.js';
import { InFileDuplicates } from './in-file-duplicates.js';

/** A catalogue file held in memory: what a provisioning request brings along (the import API's formats). */
export interface CatalogueFile {
  contentType: 'text/csv' | 'text/tab-separated-values';
  content: string;
}

/** How many refused rows a failure message names; the rest are counted. */
const ERRORS_NAMED = 5;

interface ReadFile {
  rows: ImportRow[];
  errors: ImportRowError[];
}

/**
 * Loads whole catalogue files into a tenant and returns when they are in, for provisioning (the import API's jobs
 * are for files people send to a running chain). The rows go through the import's own reading and batch writer, so
 * a file means the same in both places; and like an import, loading the same file again updates the products it
 * created instead of duplicating them, which is what makes a retried or resumed provisioning step safe.
 *
 * A file with a refused row writes nothing: the step fails naming the rows, and the operator sends a corrected file.
 */
@Injectable()
export class CatalogueLoader {
  constructor(private readonly batches: ImportBatchWriter) {}

  /** Refuses, before anything is registered, a file whose media type or header cannot be imported at all. */
  async checkHeader(file: CatalogueFile, position: number): Promise<void> {
    const format = importFormat(file.contentType, () => file.content.split('\n', 1)[0]);
    for await (const record of readRecords([file.content], format)) {
      columnIndex(record.fields, format);
      return;
    }
    throw Problem.badRequest(`Catalogue file ${position + 1} is empty. Send a header line and at least one row.`);
  }

  async load(scope: TenantScope, files: CatalogueFile[]): Promise<{ created: number; updated: number }> {
    const read = await Promise.all(files.map((file) => this.read(scope, file)));
    const refused = read.flatMap((file, i) => file.errors.map((e) => ({ file: i + 1, ...e })));
    if (refused.length) {
      const named = refused
        .slice(0, ERRORS_NAMED)
        .map((e) => `${files.length > 1 ? `file ${e.file}, ` : ''}row ${e.row}: ${e.message}`)
        .join('; ');
      const more = refused.length > ERRORS_NAMED ? ` (and ${refused.length - ERRORS_NAMED} more)` : '';
      throw Problem.unprocessable(
        `The catalogue has ${refused.length} row(s) that cannot be imported; nothing was imported. Correct the file and retry: ${named}${more}.`,
        'catalogue-invalid',
      );
    }
    const totals = { created: 0, updated: 0 };
    for (const { rows } of read) {
      for (let start = 0; start < rows.length; start += BATCH_SIZE) {
        const outcome = await this.batches.write(scope, rows.slice(start, start + BATCH_SIZE), [], async () => undefined);
        if (outcome.errors.length) {
          const [first] = outcome.errors;
          throw Problem.unprocessable(
            `The catalogue could not be saved from row ${first.row}: ${first.message}. The rows before it are saved; loading the corrected file again updates them without duplicating them.`,
            'catalogue-invalid',
          );
        }
        totals.created += outcome.created.length;
        totals.updated += outcome.updated.length;
      }
    }
    return totals;
  }

  private async read(scope: TenantScope, file: CatalogueFile): Promise<ReadFile> {
    const format: DelimitedFormat = importFormat(file.contentType, () => file.content.split('\n', 1)[0]);
    const duplicates = new InFileDuplicates();
    const result: ReadFile = { rows: [], errors: [] };
    let header: { columns: ReturnType<typeof columnIndex>; length: number } | undefined;
    try {
      for await (const record of readRecords([file.content], format)) {
        if (!header) header = { columns: columnIndex(record.fields, format), length: record.fields.length };
        else if (!isBlank(record)) this.readOne(scope, record, header, duplicates, result);
      }
    } catch (error) {
      if (isEncodingError(error)) throw Problem.badRequest('The catalogue is not UTF-8 text. Save it as "CSV UTF-8" and send it again.');
      throw error;
    }
    if (!result.rows.length && !result.errors.length) throw Problem.badRequest('The catalogue has no rows to import.');
    return result;
  }

  private readOne(
    scope: TenantScope,
    record: DelimitedRecord,
    header: { columns: ReturnType<typeof columnIndex>; length: number },
    duplicates: InFileDuplicates,
    result: ReadFile,
  ): void {
    const read = readRow(record, header.columns, header.length, scope.tenant);
    const problem = 'message' in read ? read.message : duplicates.claim(read.row);
    if (problem) result.errors.push({ row: record.line, message: problem });
    else if ('row' in read) result.rows.push(read.row);
  }
}
