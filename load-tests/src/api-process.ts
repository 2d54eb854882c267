import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '@dawa/platform';

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

/** Runs the API as its own process (as in production), so its memory is measured apart from the load generator's. */
export async function startApiProcess(env: NodeJS.ProcessEnv): Promise<ApiProcess> {
  const port = await freePort();
  const main = createRequire(import.meta.url)
    .resolve('@dawa/platform')
    .replace(/index\.js$/, 'main.js');
  const child: ChildProcess = spawn(process.execPath, [main], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${url}/health/live`)).ok) break;
    } catch {
      await sleep(100);
    }
    if (child.exitCode !== null) throw new Error(`API process exited with ${child.exitCode}`);
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
