import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { PLATFORM_CONFIG, type PlatformConfig } from '../../config/config.js';
import { Problem } from '../../common/problem.js';
import { isBlank, isEncodingError, readRecords, type DelimitedFormat } from './delimited-records.js';
import { columnIndex, importFormat } from './import-format.js';

/** An accepted upload, waiting on disk for the runner. */
export interface ImportFile {
  path: string;
  format: DelimitedFormat;
  /** Data rows (blank lines not counted), so progress can be shown as a fraction from the start. */
  total: number;
  bytes: number;
}

export function tooLarge(limit: number): Problem {
  return new Problem(
    413,
    'payload-too-large',
    'Request too large',
    `The file is larger than ${Math.floor(limit / 1_048_576)} MB. Split it into smaller files; importing them one after another gives the same result.`,
  );
}

/**
 * Keeps uploaded files on local disk between the 202 and the end of the job. The request body is streamed to disk
 * and read back as a stream by the runner, so memory does not grow with the file; nothing is kept across restarts
 * because an interrupted job is failed at boot anyway (see import-recovery.ts).
 */
@Injectable()
export class ImportFiles implements OnApplicationShutdown {
  private dir?: Promise<string>;

  constructor(@Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig) {}

  get limit(): number {
    return this.config.env.DAWA_IMPORT_BODY_LIMIT_BYTES;
  }

  /**
   * Saves a request body and checks it is an importable file: a supported media type, UTF-8, a header with a `name`
   * column and at least one row. Anything else is refused with a 4xx before a job exists.
   */
  async store(contentType: string | undefined, body: unknown): Promise<ImportFile> {
    if (typeof body === 'object' && body !== null && !(body instanceof Readable)) body = undefined; // JSON: not a file
    const format = importFormat(contentType, () => (typeof body === 'string' ? body.split('\n', 1)[0] : ''));
    if (body === undefined || body === null) throw Problem.badRequest('The request has no body. Send the file itself as the body.');
    const source: AsyncIterable<Buffer | string> | Iterable<string> = typeof body === 'string' ? [body] : (body as Readable);
    const path = join(await this.directory(), `${randomUUID()}.txt`);
    const out = createWriteStream(path);
    try {
      const saved = { bytes: 0 };
      let header: string[] | undefined;
      let total = 0;
      for await (const record of readRecords(this.saveWhileReading(source, out, saved), format)) {
        if (!header) {
          header = record.fields;
          columnIndex(header, format);
        } else if (!isBlank(record)) total++;
      }
      if (!header) throw Problem.badRequest('The file is empty. Send a header line and at least one row.');
      if (total === 0) throw Problem.badRequest('The file has a header but no rows to import.');
      return { path, format, total, bytes: saved.bytes };
    } catch (error) {
      out.destroy();
      await rm(path, { force: true });
      if (isEncodingError(error)) {
        throw Problem.badRequest('The file is not UTF-8 text. Save it as "CSV UTF-8" (or UTF-8 text) and send it again.');
      }
      throw error;
    }
  }

  read(file: ImportFile): Readable {
    return createReadStream(file.path, { highWaterMark: 256 * 1024 });
  }

  async remove(file: Pick<ImportFile, 'path'>): Promise<void> {
    await rm(file.path, { force: true });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.dir) await rm(await this.dir, { recursive: true, force: true });
  }

  /** Writes each chunk to disk (respecting back-pressure) as the parser reads it, and stops at the size limit. */
  private async *saveWhileReading(source: AsyncIterable<Buffer | string> | Iterable<string>, out: WriteStream, saved: { bytes: number }) {
    for await (const chunk of source) {
      saved.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.length;
      if (saved.bytes > this.limit) throw tooLarge(this.limit);
      if (!out.write(chunk)) await once(out, 'drain');
      yield chunk;
    }
    out.end();
    await finished(out);
  }

  private directory(): Promise<string> {
    this.dir ??= mkdtemp(join(tmpdir(), 'dawa-import-'));
    return this.dir;
  }
}
