import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../../src/database/embedded-postgres.js';
import type { TestApp } from './test-app.js';

export interface ApiProcess {
  url: string;
  pid: number;
  rssMiB(): number;
  /** The process's peak resident memory since it started (VmHWM). */
  peakRssMiB(): number;
  stop(): Promise<void>;
}

/** A memory figure of a process from /proc/<pid>/status (Linux), in MiB. */
function statusMiB(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  return Number(new RegExp(`${field}:\\s+(\\d+)`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
}

/**
 * Runs the API as its own operating-system process, as in production: concurrency tests run two of them against one
 * database, and benchmarks measure its memory apart from the load generator's.
 */
export async function startApiProcess(env: NodeJS.ProcessEnv): Promise<ApiProcess> {
  const port = await freePort();
  const main = fileURLToPath(new URL('../../src/main.js', import.meta.url));
  const child: ChildProcess = spawn(process.execPath, [main], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  const live = () =>
    fetch(`${url}/health/live`).then(
      (res) => res.ok,
      () => false,
    );
  for (let attempt = 0; !(await live()); attempt++) {
    if (child.exitCode !== null) throw new Error(`API process exited with ${child.exitCode}`);
    if (attempt > 300) {
      child.kill('SIGKILL');
      throw new Error('API process did not become live within 30 s');
    }
    await sleep(100);
  }
  return {
    url,
    pid: child.pid!,
    rssMiB: () => statusMiB(child.pid!, 'VmRSS'),
    peakRssMiB: () => statusMiB(child.pid!, 'VmHWM'),
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

/** What a process beside a test app shares with it: database, Redis, Temporal task queue, signing and encryption keys. */
function siblingEnv(app: TestApp): NodeJS.ProcessEnv {
  const env = app.platform.config.env;
  return {
    DATABASE_URL: app.databaseUrl,
    REDIS_URL: env.REDIS_URL,
    TEMPORAL_ADDRESS: env.TEMPORAL_ADDRESS,
    TEMPORAL_NAMESPACE: env.TEMPORAL_NAMESPACE,
    DAWA_TEMPORAL_TASK_QUEUE: env.DAWA_TEMPORAL_TASK_QUEUE,
    DAWA_JWT_SECRET: env.DAWA_JWT_SECRET,
    DAWA_ENCRYPTION_KEY: env.DAWA_ENCRYPTION_KEY,
  };
}

/**
 * A second API process beside a test app: same database, Redis, task queue, signing and encryption keys, plus `extra`
 * (the plugins the test app loads, say).
 */
export function startSiblingProcess(app: TestApp, extra: NodeJS.ProcessEnv = {}): Promise<ApiProcess> {
  return startApiProcess({ ...siblingEnv(app), DAWA_AUTH_RATE_LIMIT: '100000', ...extra });
}

export interface WorkerProcess {
  pid: number;
  /** Kills it at once, as a crash or an OOM kill would: no shutdown, no chance to finish anything. */
  kill(): Promise<void>;
}

/** The production worker entry (`dist/src/worker.js`) as its own process, polling a test app's task queue. */
export function startWorkerProcess(app: TestApp): WorkerProcess {
  const main = fileURLToPath(new URL('../../src/worker.js', import.meta.url));
  const child = spawn(process.execPath, [main], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...siblingEnv(app) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return {
    pid: child.pid!,
    kill: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
