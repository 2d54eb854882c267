import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { freePort } from '../database/embedded-postgres.js';

export interface RedisServerHandle {
  url: string;
  stop: () => Promise<void>;
}

/** Starts the operating system's `redis-server` on a free loopback port, without persistence. */
export async function startRedisServer(dir: string): Promise<RedisServerHandle> {
  if (spawnSync('redis-server', ['--version']).error) {
    throw new Error('redis-server is not installed. Install it (Debian: apt-get install -y redis-server) or set REDIS_URL.');
  }
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
    stdio: 'ignore',
  });
  const url = `redis://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 100; attempt++) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.ping();
      client.disconnect();
      return {
        url,
        stop: async () => {
          child.kill('SIGTERM');
          await new Promise((resolve) => child.once('exit', resolve));
        },
      };
    } catch {
      client.disconnect();
      await sleep(100);
    }
  }
  child.kill('SIGKILL');
  throw new Error(`redis-server did not start on port ${port}`);
}
