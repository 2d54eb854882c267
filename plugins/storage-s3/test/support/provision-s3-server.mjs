#!/usr/bin/env node
// Builds the S3-compatible server the storage-s3 tests run against — versitygw, from the Go module proxy — into
// <repo>/.tools/bin once. Plain JavaScript on the standard library, so that .ci/run can call it with whatever Node the
// machine has before the TypeScript build, and the tests can call it when run on their own.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const VERSITYGW_MODULE = 'github.com/versity/versitygw/cmd/versitygw';
export const VERSITYGW_VERSION = 'v1.8.0';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const binDir = join(root, '.tools', 'bin');
export const versitygwBinary = join(binDir, 'versitygw');

/** The path of the versitygw binary, building it first (several minutes, once) when it is not there yet. */
export function ensureS3ServerBinary() {
  if (existsSync(versitygwBinary)) return versitygwBinary;
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.error || go.status !== 0) {
    throw new Error('The storage-s3 tests need Go to build versitygw (an S3-compatible server). Install Go 1.25 or newer.');
  }
  process.stderr.write(`[storage-s3] building versitygw ${VERSITYGW_VERSION} into ${binDir} (once; takes several minutes)\n`);
  mkdirSync(binDir, { recursive: true });
  // Built beside the target and renamed into place, so a concurrent or interrupted build never leaves half a binary.
  const staging = mkdtempSync(join(binDir, '.versitygw-build-'));
  try {
    const build = spawnSync('go', ['install', `${VERSITYGW_MODULE}@${VERSITYGW_VERSION}`], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod', GOBIN: staging },
    });
    if (build.error || build.status !== 0) throw new Error(`go install ${VERSITYGW_MODULE}@${VERSITYGW_VERSION} failed`);
    renameSync(join(staging, 'versitygw'), versitygwBinary);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return versitygwBinary;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    process.stdout.write(`${ensureS3ServerBinary()}\n`);
  } catch (error) {
    process.stderr.write(`[storage-s3] ${error.message}\n`);
    process.exit(1);
  }
}
