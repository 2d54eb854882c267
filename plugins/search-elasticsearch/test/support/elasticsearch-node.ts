import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, cpSync, mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';

export interface ElasticsearchNode {
  url: string;
  stop(): Promise<void>;
}

/** Elasticsearch refuses to run as root; as root the node runs as this system user, created when missing. */
const SERVICE_USER = 'elasticsearch';
const STARTUP_TIMEOUT_MS = 240_000;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function output(command: string, args: string[]): string | undefined {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** ES_JAVA_HOME: the integ-test distribution has no bundled JDK and ignores JAVA_HOME. */
function javaHome(): string {
  const configured = process.env.ES_JAVA_HOME;
  if (configured) return configured;
  const java = output('sh', ['-c', 'command -v java']);
  if (!java) throw new Error('Elasticsearch needs a JDK 17 or newer: install one (java on the PATH) or set ES_JAVA_HOME');
  return dirname(dirname(realpathSync(java)));
}

function serviceAccount(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  if (output('id', ['-u', SERVICE_USER]) === undefined) {
    const created = spawnSync('useradd', [
      '--system',
      '--no-create-home',
      '--home-dir',
      '/nonexistent',
      '--shell',
      '/usr/sbin/nologin',
      SERVICE_USER,
    ]);
    if (created.status !== 0 && output('id', ['-u', SERVICE_USER]) === undefined) {
      throw new Error(`Elasticsearch cannot run as root and the "${SERVICE_USER}" user could not be created: ${created.stderr}`);
    }
  }
  return { uid: Number(output('id', ['-u', SERVICE_USER])), gid: Number(output('id', ['-g', SERVICE_USER])) };
}

/** Whether another user can walk down to `dir`: not from a checkout under a private home such as /root. */
function reachableByOthers(dir: string): boolean {
  for (let current = dir; ; current = dirname(current)) {
    if ((statSync(current).mode & 0o001) === 0) return false;
    if (dirname(current) === current) return true;
  }
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (statSync(path).isDirectory()) for (const entry of readdirSync(path)) chownTree(join(path, entry), uid, gid);
}

/** Stops the node and everything it started (the CLI launcher and the server JVM share its process group). */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

async function waitForHealth(url: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`Elasticsearch exited while starting (${child.exitCode ?? child.signalCode}):\n${log()}`);
    }
    try {
      const response = await fetch(`${url}/_cluster/health?wait_for_status=yellow&timeout=5s`, { signal: AbortSignal.timeout(10_000) });
      const { status } = (await response.json()) as { status?: string };
      if (response.ok && (status === 'green' || status === 'yellow')) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
  throw new Error(`Elasticsearch did not become healthy within ${STARTUP_TIMEOUT_MS / 1000} s:\n${log()}`);
}

/**
 * Starts a throw-away single-node Elasticsearch from the distribution in `home`: loopback only, free ports, data and
 * logs in a temporary directory, security off (the integ-test distribution has no TLS certificates), a 512 MB heap.
 * `stop()` (and, failing that, this process exiting) kills the node's whole process group and deletes its data.
 */
export async function startElasticsearchNode(home: string): Promise<ElasticsearchNode> {
  const account = serviceAccount();
  const work = mkdtempSync(join(tmpdir(), 'dawa-elasticsearch-'));
  for (const dir of ['data', 'logs', 'tmp']) mkdirSync(join(work, dir));
  // A private copy of the configuration: the node may write beside it, and the shared distribution stays untouched.
  cpSync(join(home, 'config'), join(work, 'config'), { recursive: true });
  // The service user cannot reach a distribution under a private home: it runs a copy (a second or two) instead.
  const distribution = account && !reachableByOthers(home) ? join(work, 'distribution') : home;
  if (distribution !== home) cpSync(home, distribution, { recursive: true });
  if (account) chownTree(work, account.uid, account.gid);

  const [httpPort, transportPort] = [await freePort(), await freePort()];
  const settings = {
    'discovery.type': 'single-node',
    'network.host': '127.0.0.1',
    'http.port': httpPort,
    'transport.port': transportPort,
    'path.data': join(work, 'data'),
    'path.logs': join(work, 'logs'),
    'xpack.security.enabled': false,
    // A nearly full shared disk must not turn the test indices read-only.
    'cluster.routing.allocation.disk.threshold_enabled': false,
  };
  const child = spawn(
    join(distribution, 'bin', 'elasticsearch'),
    Object.entries(settings).flatMap(([key, value]) => ['-E', `${key}=${value}`]),
    {
      cwd: work,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...account,
      env: {
        PATH: process.env.PATH,
        HOME: work,
        ES_JAVA_HOME: javaHome(),
        ES_PATH_CONF: join(work, 'config'),
        ES_TMPDIR: join(work, 'tmp'),
        ES_JAVA_OPTS: '-Xms512m -Xmx512m',
      },
    },
  );
  const lines: string[] = [];
  // The last lines it printed, to show when it fails to start.
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    lines.splice(0, lines.length - 40);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const cleanUp = () => {
    killGroup(child, 'SIGKILL');
    rmSync(work, { recursive: true, force: true });
  };
  // An interrupted run (Ctrl-C, a runner's SIGTERM) must not leave a JVM behind: clean up, then die of the signal.
  const interrupted = (signal: NodeJS.Signals) => {
    cleanUp();
    process.kill(process.pid, signal);
  };
  process.once('exit', cleanUp);
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);

  const url = `http://127.0.0.1:${httpPort}`;
  const stop = async () => {
    process.removeListener('exit', cleanUp);
    process.removeListener('SIGINT', interrupted);
    process.removeListener('SIGTERM', interrupted);
    killGroup(child, 'SIGTERM');
    const stopped = await Promise.race([
      exited.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 30_000)),
    ]);
    if (!stopped) killGroup(child, 'SIGKILL');
    cleanUp();
  };
  try {
    await waitForHealth(url, child, () => lines.join('\n'));
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, stop };
}
