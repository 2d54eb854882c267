import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { consoleBenchmark } from './console.bench.js';
import { importBenchmark } from './import.bench.js';
import { posBenchmark } from './pos.bench.js';
import { prescriptionReviewBenchmark } from './prescription-review.bench.js';
import { searchBenchmark } from './search.bench.js';
import { tenantScaleBenchmark } from './tenant-scale.bench.js';
import { webhookBenchmark } from './webhook.bench.js';

/**
 * `npm run bench -- tenant-scale [--tenants 500] [--requests 5000] [--concurrency 16] [--warmup 1000]`
 * `npm run bench -- search [--products 10000,250000] [--requests 5000] [--concurrency 20] [--warmup 1000] [--typos 1000]`
 * `npm run bench -- import [--rows 100000]`
 * `npm run bench -- pos [--tenants 100] [--requests 4000] [--concurrency 32] [--warmup 500] [--pgbench-seconds 20]`
 * `npm run bench -- webhook-ingest [--requests 10000] [--concurrency 50] [--warmup 1000]`
 * `npm run bench -- console [--runs 5]` (needs the built console and /usr/bin/chromium)
 * `npm run bench -- prescription-review [--prescriptions 500] [--concurrency 8] [--warmup 50]`
 * Prints the numbers and writes them with the machine's description to load-tests/results/. Never run by npm test.
 */
const BENCHMARKS: Record<string, (values: Record<string, string | undefined>, dataDir: string) => Promise<unknown>> = {
  'tenant-scale': (values, dataDir) =>
    tenantScaleBenchmark({
      dataDir,
      tenants: Number(values.tenants ?? 500),
      requests: Number(values.requests ?? 5000),
      concurrency: Number(values.concurrency ?? 16),
      warmup: Number(values.warmup ?? 1000),
    }),
  search: (values, dataDir) =>
    searchBenchmark({
      dataDir,
      products: (values.products ?? '10000,250000').split(',').map(Number),
      requests: Number(values.requests ?? 5000),
      concurrency: Number(values.concurrency ?? 20),
      warmup: Number(values.warmup ?? 1000),
      typos: Number(values.typos ?? 1000),
    }),
  pos: (values, dataDir) =>
    posBenchmark({
      dataDir,
      tenants: Number(values.tenants ?? 100),
      requests: Number(values.requests ?? 4000),
      concurrency: Number(values.concurrency ?? 32),
      warmup: Number(values.warmup ?? 500),
      pgbenchSeconds: Number(values['pgbench-seconds'] ?? 20),
    }),
  'webhook-ingest': (values, dataDir) =>
    webhookBenchmark({
      dataDir,
      root: resolve(process.cwd()),
      requests: Number(values.requests ?? 10000),
      concurrency: Number(values.concurrency ?? 50),
      warmup: Number(values.warmup ?? 1000),
    }),
  console: (values, dataDir) => consoleBenchmark({ dataDir, root: resolve(process.cwd()), runs: Number(values.runs ?? 5) }),
  'prescription-review': (values, dataDir) =>
    prescriptionReviewBenchmark({
      dataDir,
      prescriptions: Number(values.prescriptions ?? 500),
      concurrency: Number(values.concurrency ?? 8),
      warmup: Number(values.warmup ?? 50),
    }),
  import: (values, dataDir) =>
    importBenchmark({
      dataDir,
      rows: Number(values.rows ?? 100000),
      sampleFile: join(resolve(process.cwd()), 'tenants', 'examples', 'medicines-india-sample.tsv'),
    }),
};

async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      tenants: { type: 'string' },
      products: { type: 'string' },
      requests: { type: 'string' },
      concurrency: { type: 'string' },
      warmup: { type: 'string' },
      typos: { type: 'string' },
      rows: { type: 'string' },
      runs: { type: 'string' },
      prescriptions: { type: 'string' },
      'pgbench-seconds': { type: 'string' },
    },
  });
  const which = positionals[0] ?? 'tenant-scale';
  const run = BENCHMARKS[which];
  if (!run) throw new Error(`Unknown benchmark "${which}". Available: ${Object.keys(BENCHMARKS).join(', ')}`);
  const root = resolve(process.cwd());
  const dataDir = join(root, '.data', `bench-${process.pid}`);
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString(),
    // The machine is shared: the 1-minute load average before the run says how much else was running.
    loadAverageBefore: loadavg()[0],
  };
  try {
    const result = await run(values, dataDir);
    const report = { benchmark: which, machine: { ...machine, loadAverageAfter: loadavg()[0] }, parameters: values, result };
    console.log(JSON.stringify(report, null, 2));
    const out = join(root, 'load-tests', 'results');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, `${which}-${machine.date.slice(0, 10)}.json`), JSON.stringify(report, null, 2));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
