import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { TENANT_ID_SEARCH_ATTRIBUTE } from '@dawa/workflows';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const provisionScript = join(repoRoot, 'scripts', 'provision-temporal.mjs');
const installedCli = join(repoRoot, '.tools', 'bin', 'temporal');

export interface TemporalDevServerOptions {
  /** Where the server keeps its SQLite database; omitted, everything is in memory and gone when it stops. */
  dbFile?: string;
  port: number;
  /** The web UI port; omitted, the server runs headless (tests). */
  uiPort?: number;
  namespace: string;
  log?: (line: string) => void;
}

export interface TemporalDevServerHandle {
  address: string;
  uiUrl?: string;
  stop(): Promise<void>;
}

/** The Temporal CLI in .tools/bin, installed by scripts/provision-temporal.mjs the first time it is needed. */
export async function temporalCli(): Promise<string> {
  if (existsSync(installedCli)) return installedCli;
  const child = spawn(process.execPath, [provisionScript], { stdio: ['ignore', 'ignore', 'inherit'] });
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  if (code !== 0 || !existsSync(installedCli)) {
    throw new Error('The Temporal CLI could not be installed (see above). Set TEMPORAL_ADDRESS to use a running Temporal server.');
  }
  return installedCli;
}

/** True when a Temporal frontend answers at `address` and the namespace exists. */
export async function temporalReachable(address: string, namespace: string, timeoutMs = 1000): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: timeoutMs });
    await connection.workflowService.describeNamespace({ namespace });
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

async function searchAttributeRegistered(address: string, namespace: string): Promise<boolean> {
  const connection = await Connection.connect({ address, connectTimeout: 1000 });
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    return Boolean(customAttributes?.[TENANT_ID_SEARCH_ATTRIBUTE]);
  } finally {
    await connection.close();
  }
}

/** The CLI is started as a process group leader: signal the group so nothing it spawned outlives it. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // already gone
  }
}

function stopGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  signalGroup(child, 'SIGTERM');
  const force = setTimeout(() => signalGroup(child, 'SIGKILL'), 5000);
  return exited.finally(() => clearTimeout(force));
}

/**
 * Starts `temporal server start-dev` on 127.0.0.1 with the namespace and the `TenantId` search attribute Dawa needs,
 * and waits until it serves them.
 */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServerHandle> {
  const cli = await temporalCli();
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port), '--log-level', 'warn'];
  args.push('--search-attribute', `${TENANT_ID_SEARCH_ATTRIBUTE}=Keyword`);
  if (options.namespace !== 'default') args.push('--namespace', options.namespace);
  if (options.dbFile) {
    mkdirSync(dirname(options.dbFile), { recursive: true });
    args.push('--db-filename', options.dbFile);
  }
  if (options.uiPort) args.push('--ui-ip', '127.0.0.1', '--ui-port', String(options.uiPort));
  else args.push('--headless');
  const child = spawn(cli, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
      output.push(line);
      if (output.length > 50) output.shift();
      options.log?.(line);
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  // Its own process group keeps a terminal's Ctrl+C from killing it before Dawa has stopped using it; in exchange it
  // must not outlive this process however that ends (process.exit from an exit hook included).
  const killOnExit = () => signalGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);
  const address = `127.0.0.1:${options.port}`;
  const handle: TemporalDevServerHandle = {
    address,
    uiUrl: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined,
    stop: async () => {
      await stopGroup(child);
      process.off('exit', killOnExit);
    },
  };
  for (let attempt = 0; attempt < 300; attempt++) {
    if (child.exitCode !== null) break;
    if ((await temporalReachable(address, options.namespace, 500)) && (await searchAttributeRegistered(address, options.namespace))) {
      return handle;
    }
    await sleep(100);
  }
  await handle.stop();
  throw new Error(`The Temporal dev server did not start on ${address}:\n${output.join('\n')}`);
}
