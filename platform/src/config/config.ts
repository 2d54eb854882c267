import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Env } from './env.js';

/** The resolved configuration the application runs with: the validated environment plus local defaults. */
export interface PlatformConfig {
  env: Env;
  databaseUrl: string;
  dataDir: string;
  jwtSecret: Uint8Array;
  encryptionKey: Buffer;
}

export const PLATFORM_CONFIG = Symbol('PLATFORM_CONFIG');

export function defaultDataDir(env: Env): string {
  return resolve(env.DAWA_DATA_DIR ?? join(process.cwd(), '.data'));
}

/**
 * Outside production a missing signing or encryption key is generated once and kept under the data directory, so
 * `npm start` needs no setup and restarts keep sessions and encrypted fields readable.
 */
export function localSecrets(dataDir: string): { jwtSecret: string; encryptionKey: string } {
  const file = join(dataDir, 'local-secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  mkdirSync(dataDir, { recursive: true });
  const secrets = { jwtSecret: randomBytes(48).toString('base64url'), encryptionKey: randomBytes(32).toString('hex') };
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

export function buildConfig(env: Env, databaseUrl: string): PlatformConfig {
  const dataDir = defaultDataDir(env);
  const local = !env.DAWA_JWT_SECRET || !env.DAWA_ENCRYPTION_KEY ? localSecrets(dataDir) : undefined;
  return {
    env,
    databaseUrl,
    dataDir,
    jwtSecret: new TextEncoder().encode(env.DAWA_JWT_SECRET ?? local!.jwtSecret),
    encryptionKey: Buffer.from(env.DAWA_ENCRYPTION_KEY ?? local!.encryptionKey, 'hex'),
  };
}
