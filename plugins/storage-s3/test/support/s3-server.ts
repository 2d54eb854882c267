import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

/** A real S3-compatible server (versitygw on a posix directory) on a loopback port, for one test file. */
export interface S3Server {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** A client of the server's root account, to look at the bucket the way an operator would. */
  client: S3Client;
  createBucket(name: string): Promise<void>;
  /** A second account, with no access to the root account's buckets. */
  createUser(accessKeyId: string, secretAccessKey: string): Promise<void>;
  stop(): Promise<void>;
}

const REGION = 'us-east-1';

async function ensureBinary(): Promise<string> {
  // Plain JavaScript shared with .ci/run, which builds the server before the TypeScript build exists.
  const provisioner = resolve(import.meta.dirname, '../../../test/support/provision-s3-server.mjs');
  const { ensureS3ServerBinary } = (await import(pathToFileURL(provisioner).href)) as { ensureS3ServerBinary(): string };
  return ensureS3ServerBinary();
}

function freePort(): Promise<number> {
  return new Promise((found, failed) => {
    const probe = createServer();
    probe.once('error', failed);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => found(port));
    });
  });
}

async function waitUntilServing(endpoint: string, exited: () => string | undefined): Promise<void> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const exit = exited();
    if (exit) throw new Error(`versitygw stopped before serving: ${exit}`);
    try {
      await fetch(endpoint, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`versitygw did not answer on ${endpoint} within 20 s`, { cause: error });
      await new Promise((wait) => setTimeout(wait, 100));
    }
  }
}

/** Starts versitygw with fresh credentials on an empty temporary directory; `stop()` ends it and removes the data. */
export async function startS3Server(): Promise<S3Server> {
  const binary = await ensureBinary();
  const dataDir = mkdtempSync(join(tmpdir(), 'dawa-s3-'));
  const [objects, sidecar, accounts] = [join(dataDir, 'objects'), join(dataDir, 'metadata'), join(dataDir, 'accounts')];
  for (const dir of [objects, sidecar, accounts]) mkdirSync(dir);
  const accessKeyId = `DAWA${randomBytes(8).toString('hex').toUpperCase()}`;
  const secretAccessKey = randomBytes(24).toString('base64url');
  const port = await freePort();
  // Metadata in a sidecar directory rather than extended attributes, which temporary file systems may not support.
  const args = [
    '--port',
    `127.0.0.1:${port}`,
    '--region',
    REGION,
    '--iam-dir',
    accounts,
    '--quiet',
    'posix',
    '--sidecar',
    sidecar,
    objects,
  ];
  const server = spawn(binary, args, {
    env: { ...process.env, ROOT_ACCESS_KEY_ID: accessKeyId, ROOT_SECRET_ACCESS_KEY: secretAccessKey },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let exit: string | undefined;
  server.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)));
  const exited = new Promise<void>((done) =>
    server.once('exit', (code, signal) => {
      exit = `exit ${code ?? signal}: ${stderr.trim()}`;
      done();
    }),
  );
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (!exit) server.kill('SIGTERM');
    await exited;
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(endpoint, () => exit);
  } catch (error) {
    await stop();
    throw error;
  }
  const client = new S3Client({ region: REGION, endpoint, forcePathStyle: true, credentials: { accessKeyId, secretAccessKey } });
  return {
    endpoint,
    region: REGION,
    accessKeyId,
    secretAccessKey,
    client,
    async createBucket(name) {
      await client.send(new CreateBucketCommand({ Bucket: name }));
    },
    async createUser(userAccessKeyId, userSecretAccessKey) {
      const admin = ['admin', '--access', accessKeyId, '--secret', secretAccessKey, '--endpoint-url', endpoint];
      await promisify(execFile)(binary, [
        ...admin,
        'create-user',
        '--access',
        userAccessKeyId,
        '--secret',
        userSecretAccessKey,
        '--role',
        'user',
      ]);
    },
    async stop() {
      client.destroy();
      await stop();
    },
  };
}
