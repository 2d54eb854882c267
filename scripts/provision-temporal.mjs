#!/usr/bin/env node
// Installs the Temporal CLI (whose `temporal server start-dev` is the dev server `npm start` and the tests run) into
// <repo>/.tools/bin once: the official release download first, as Temporal's users install it; where that is not
// reachable, a build from the Go module proxy. Plain JavaScript on the standard library, so that .ci/run can call it
// with whatever Node the machine has before the TypeScript build, and the platform can call it when the binary is
// missing.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal';
// Later versions carry a `replace` directive in go.mod, which `go install module@version` refuses.
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const DOWNLOAD_TIMEOUT_MS = 15_000;

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const binDir = join(root, '.tools', 'bin');
export const temporalBinary = join(binDir, 'temporal');

function log(message) {
  process.stderr.write(`[temporal] ${message}\n`);
}

function releaseUrl() {
  const os = { linux: 'linux', darwin: 'darwin' }[process.platform];
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch];
  if (!os || !arch) return undefined;
  const version = TEMPORAL_CLI_VERSION.slice(1);
  return `https://github.com/temporalio/cli/releases/download/${TEMPORAL_CLI_VERSION}/temporal_cli_${version}_${os}_${arch}.tar.gz`;
}

/** The official release archive, unpacked into `staging`; false when it cannot be fetched (offline, proxy, timeout). */
async function download(staging) {
  const url = releaseUrl();
  if (!url) return false;
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const archive = join(staging, 'temporal.tar.gz');
    writeFileSync(archive, Buffer.from(await response.arrayBuffer()));
    const untar = spawnSync('tar', ['-xzf', archive, '-C', staging, 'temporal'], { stdio: ['ignore', 'inherit', 'inherit'] });
    return untar.status === 0 && existsSync(join(staging, 'temporal'));
  } catch (error) {
    log(`release download not reachable (${error.message}); building from the Go module proxy instead`);
    return false;
  }
}

function goInstall(staging) {
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0) {
    throw new Error('The Temporal CLI could not be downloaded and Go is not installed to build it. Install Go 1.25 or newer.');
  }
  log(`building temporal ${TEMPORAL_CLI_VERSION} into ${binDir} (once; takes several minutes)`);
  const build = spawnSync('go', ['install', `${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION}`], {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod', GOBIN: staging },
  });
  if (build.error || build.status !== 0) throw new Error(`go install ${TEMPORAL_CLI_MODULE}@${TEMPORAL_CLI_VERSION} failed`);
}

/** The path of the Temporal CLI, installing it first when it is not there yet. */
export async function ensureTemporalCli() {
  if (existsSync(temporalBinary)) return temporalBinary;
  mkdirSync(binDir, { recursive: true });
  // Unpacked or built beside the target and renamed into place, so a concurrent or interrupted install never leaves
  // half a binary.
  const staging = mkdtempSync(join(binDir, '.temporal-install-'));
  try {
    if (!(await download(staging))) goInstall(staging);
    renameSync(join(staging, 'temporal'), temporalBinary);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return temporalBinary;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${await ensureTemporalCli()}\n`);
  } catch (error) {
    log(error.message);
    process.exit(1);
  }
}
