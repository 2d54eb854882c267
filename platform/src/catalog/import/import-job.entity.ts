import { defineEntity, type InferEntity } from '@mikro-orm/core';

export type ImportStatus = 'queued' | 'running' | 'completed' | 'failed';

/** A row the import skipped: its line in the file (the header is line 1) and what to fix. */
export interface ImportRowError {
  row: number;
  message: string;
}

/** One catalogue upload and its progress; counters move after every committed batch. */
export const ImportJobEntity = defineEntity({
  name: 'ImportJob',
  tableName: 'import_job',
  schema: '*',
  properties: (p) => ({
    id: p.uuid().primary(),
    kind: p.string(),
    status: p.string().$type<ImportStatus>(),
    total: p.integer(),
    processed: p.integer(),
    created: p.integer(),
    updated: p.integer(),
    failed: p.integer(),
    errors: p.json<ImportRowError[]>(),
    message: p.string().nullable(),
    createdBy: p.uuid().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    finishedAt: p.datetime().nullable(),
  }),
});

export type ImportJob = InferEntity<typeof ImportJobEntity>;

/** The job as the API shows it. Lists leave out `errors`, which can hold a thousand entries per job. */
export function importJobView(job: ImportJob, withErrors = true) {
  return {
    id: job.id,
    kind: job.kind,
    status: job.status,
    total: job.total,
    processed: job.processed,
    created: job.created,
    updated: job.updated,
    failed: job.failed,
    ...(withErrors ? { errors: job.errors } : {}),
    message: job.message,
    createdBy: job.createdBy,
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}
