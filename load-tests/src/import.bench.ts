import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { inferDosageForm, withCheckDigit } from '@dawa/platform';
import { startApiProcess, type ApiProcess } from '@dawa/platform/testing';
import { benchDatabase, OPERATOR, post, provision, type Session } from './bench-setup.js';

/**
 * Issue #3's measure: a 100,000-row catalogue file in Dawa's CSV format, uploaded to a running API process, timed
 * until the job completes, with the API process's memory sampled throughout. Then the same file again, which
 * updates every product (the re-import path). Rows come from the real Indian sample list, varied so each is distinct.
 */
const HEADER = 'name,manufacturer,composition,dosage_form,pack_size,barcodes,schedule,tax_class,hsn_code,mrp,reorder_level';
const PACKS = [10, 15, 20, 30, 100];

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Builds the CSV: round r of the sample gets " #r" on its names; every row its own in-store barcode (prefix 2). */
export function generateCatalogue(sampleTsv: string, rows: number): string {
  const sample = sampleTsv
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.split('\t'));
  const lines = [HEADER];
  for (let i = 0; i < rows; i++) {
    const [name, manufacturer, composition1, composition2] = sample[i % sample.length];
    const round = Math.floor(i / sample.length);
    const barcodes = [withCheckDigit(`2${String(i).padStart(11, '0')}`)];
    if (i % 10 === 0) barcodes.push(withCheckDigit(`29${String(i).padStart(10, '0')}`));
    lines.push(
      [
        round ? `${name} #${round}` : name,
        manufacturer,
        [composition1, composition2].filter(Boolean).join(' + '),
        inferDosageForm(name) ?? 'tablet',
        String(PACKS[i % PACKS.length]),
        barcodes.join('|'),
        i % 4 === 0 ? 'OTC' : 'H',
        i % 3 === 0 ? 'GST_12' : 'GST_5',
        '3004',
        `${(i % 500) + 10}.${String(i % 100).padStart(2, '0')}`,
        String(i % 50),
      ]
        .map(csvField)
        .join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

interface Job {
  status: string;
  total: number;
  processed: number;
  created: number;
  updated: number;
  failed: number;
  errors: unknown[];
}

async function runImport(api: ApiProcess, session: Session, file: Buffer, rows: number) {
  const headers = { 'x-tenant': session.slug, authorization: `Bearer ${session.token}` };
  let peakRss = api.rssMiB();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, api.rssMiB())), 100);
  try {
    const t0 = performance.now();
    const res = await fetch(`${api.url}/api/v1/products/import`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'text/csv' },
      body: file,
    });
    const accepted = (await res.json()) as { jobId: string };
    if (res.status !== 202) throw new Error(`upload → ${res.status} ${JSON.stringify(accepted)}`);
    const acceptedAt = performance.now();
    let job: Job;
    for (;;) {
      await sleep(250);
      job = (await (await fetch(`${api.url}/api/v1/imports/${accepted.jobId}`, { headers })).json()) as Job;
      if (job.status === 'completed' || job.status === 'failed') break;
      process.stderr.write(`\r${job.status} ${job.processed}/${job.total}   `);
    }
    process.stderr.write('\n');
    const done = performance.now();
    const round = (n: number) => Math.round(n);
    return {
      status: job.status,
      created: job.created,
      updated: job.updated,
      failed: job.failed,
      firstErrors: job.errors.slice(0, 3),
      uploadAndCheckMs: round(acceptedAt - t0),
      totalMs: round(done - t0),
      rowsPerSecond: round(rows / ((done - t0) / 1000)),
      peakRssMiB: round(peakRss),
    };
  } finally {
    clearInterval(sampler);
  }
}

export async function importBenchmark(options: { dataDir: string; rows: number; sampleFile: string }) {
  const database = await benchDatabase(options.dataDir);
  try {
    const api = await startApiProcess(database.env);
    try {
      const operatorToken = (await post(api, '/api/v1/platform/auth/login', OPERATOR)).accessToken;
      const { session } = await provision(api, operatorToken, 'bench-import', 'IN');
      const file = Buffer.from(generateCatalogue(readFileSync(options.sampleFile, 'utf8'), options.rows));
      const idleRssMiB = Math.round(api.rssMiB());
      const firstImport = await runImport(api, session, file, options.rows);
      const reimport = await runImport(api, session, file, options.rows);
      return {
        rows: options.rows,
        fileMiB: Math.round((file.length / 2 ** 20) * 10) / 10,
        idleRssMiB,
        firstImport,
        reimport,
        processPeakRssMiB: Math.round(api.peakRssMiB()),
      };
    } finally {
      await api.stop();
    }
  } finally {
    await database.stop();
  }
}
