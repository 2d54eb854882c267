import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { importBenchmark } from './import.bench.js';
import { posBenchmark } from './pos.bench.js';
import { tenantScaleBenchmark } from './tenant-scale.bench.js';

const BENCHMARKS = ['tenant-scale', 'import', 'pos'];

/**
 * `npm run bench -- [tenant-scale] [--tenants 500] [--requests 5000] [--concurrency 16] [--warmup 1000]`
 * `npm run bench -- import [--rows 100000]`
 * `npm run bench -- pos [--tenants 100] [--requests 4000] [--concurrency 32] [--warmup 500] [--pgbench-seconds 20]`
 * Prints the numbers and writes them with the machine's description to load-tests/results/. Never run by npm test.
 */
async function main(): Promise<void> {
  const { positionals, values } = parseArgs({
    allowPositionals: true,
    options: {
      tenants: { type: 'string' },
      requests: { type: 'string' },
      concurrency: { type: 'string' },
      warmup: { type: 'string' },
      'pgbench-seconds': { type: 'string', default: '20' },
      rows: { type: 'string', default: '100000' },
    },
  });
  const which = positionals[0] ?? 'tenant-scale';
  if (!BENCHMARKS.includes(which)) throw new Error(`Unknown benchmark "${which}". Available: ${BENCHMARKS.join(', ')}`);
  const defaults =
    which === 'pos'
      ? { tenants: '100', requests: '4000', concurrency: '32', warmup: '500' }
      : { tenants: '500', requests: '5000', concurrency: '16', warmup: '1000' };
  for (const key of ['tenants', 'requests', 'concurrency', 'warmup'] as const) values[key] ??= defaults[key];
  const root = resolve(process.cwd());
  const dataDir = join(root, '.data', `bench-${process.pid}`);
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    date: new Date().toISOString(),
  };
  try {
    const result =
      which === 'pos'
        ? await posBenchmark({
            dataDir,
            tenants: Number(values.tenants),
            requests: Number(values.requests),
            concurrency: Number(values.concurrency),
            warmup: Number(values.warmup),
            pgbenchSeconds: Number(values['pgbench-seconds']),
          })
        : which === 'import'
          ? await importBenchmark({
              dataDir,
              rows: Number(values.rows),
              sampleFile: join(root, 'tenants', 'examples', 'medicines-india-sample.tsv'),
            })
          : await tenantScaleBenchmark({
              dataDir,
              tenants: Number(values.tenants),
              requests: Number(values.requests),
              concurrency: Number(values.concurrency),
              warmup: Number(values.warmup),
            });
    const parameters =
      which === 'import'
        ? { rows: values.rows }
        : which === 'pos'
          ? { ...values, rows: undefined }
          : { ...values, rows: undefined, 'pgbench-seconds': undefined };
    const report = { benchmark: which, machine, parameters, result };
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
