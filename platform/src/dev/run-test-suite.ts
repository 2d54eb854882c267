import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { freePort, startEmbeddedPostgres } from '../database/embedded-postgres.js';
import { startTemporalDevServer } from '../workflows-runtime/temporal-dev-server.js';
import { startRedisServer } from './redis-server.js';

/**
 * `npm test`: starts the real services the suite needs once (PostgreSQL unless DAWA_TEST_PG_URL is given, Redis
 * unless REDIS_URL is given, a Temporal dev server in memory unless TEMPORAL_ADDRESS is given), then runs every compiled test file of every workspace with node's test runner.
 * Each test file creates its own database, so files run in parallel without seeing each other's data.
 * Arguments filter test files by path substring: `npm test -- auth audit`.
 */
const root = resolve(process.cwd());
/** Every workspace's compiled tests: a new plugin package is tested as soon as it is a workspace. */
const WORKSPACES: string[] = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces;

function testFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return testFiles(path);
    return name.endsWith('.test.js') ? [path] : [];
  });
}

async function main(): Promise<number> {
  const filters = process.argv.slice(2);
  const files = WORKSPACES.flatMap((w) => testFiles(join(root, w, 'dist', 'test')))
    .map((f) => relative(root, f))
    .filter((f) => filters.length === 0 || filters.some((needle) => f.includes(needle)))
    .sort();
  if (!files.length) {
    console.error(`No test files match ${filters.join(' ')}`);
    return 1;
  }
  // The throw-away services live in the system temp directory, which the `postgres` user can always reach.
  const workDir = join(tmpdir(), `dawa-test-${process.pid}`);
  const cleanups: Array<() => Promise<void>> = [];
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test' };
  try {
    if (!env.DAWA_TEST_PG_URL) {
      const pg = await startEmbeddedPostgres({ dataDir: join(workDir, 'postgres'), ephemeral: true });
      cleanups.push(() => pg.stop());
      env.DAWA_TEST_PG_URL = pg.url();
    }
    if (!env.REDIS_URL) {
      const redis = await startRedisServer(join(workDir, 'redis'));
      cleanups.push(() => redis.stop());
      env.REDIS_URL = redis.url;
    }
    if (!env.TEMPORAL_ADDRESS) {
      env.TEMPORAL_NAMESPACE ??= 'default';
      const temporal = await startTemporalDevServer({ port: await freePort(), namespace: env.TEMPORAL_NAMESPACE });
      cleanups.push(() => temporal.stop());
      env.TEMPORAL_ADDRESS = temporal.address;
    }
    console.log(
      `Running ${files.length} test file(s) against PostgreSQL ${env.DAWA_TEST_PG_URL?.replace(/\/\/[^@]*@/, '//')}, Redis ${env.REDIS_URL} and Temporal ${env.TEMPORAL_ADDRESS}`,
    );
    const concurrency = process.env.DAWA_TEST_CONCURRENCY ?? '2';
    const child = spawn(
      process.execPath,
      ['--enable-source-maps', '--test', `--test-concurrency=${concurrency}`, '--test-reporter=spec', ...files],
      {
        stdio: 'inherit',
        env,
      },
    );
    return await new Promise<number>((done) => child.once('exit', (code, signal) => done(code ?? (signal ? 1 : 0))));
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
