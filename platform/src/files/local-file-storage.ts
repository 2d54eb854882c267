import { randomUUID } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  PluginInputError,
  systemClock,
  tenantObjectKey,
  type Clock,
  type PutObjectOptions,
  type StorageProvider,
  type StoredObject,
  type StoredObjectInfo,
} from '@dawa/plugin-sdk';
import type { FileGrant } from './signed-file-urls.js';

/** Presigned URLs live at most seven days, as with S3. */
const MAX_LINK_SECONDS = 7 * 24 * 60 * 60;

export interface LocalFileStorageOptions {
  /** `<dataDir>/files`: objects under `tenants/<tenant id>/`, their sidecars under `.metadata/`. */
  root: string;
  tenantId: string;
  /** A full URL for a signed grant (the API's `/api/v1/files/:token`). */
  signedUrl(grant: FileGrant): string;
  clock?: Clock;
}

interface Sidecar {
  contentType: string;
  metadata: Record<string, string>;
  size: number;
}

const has = (error: unknown, ...codes: string[]) => codes.includes((error as NodeJS.ErrnoException).code ?? '');

function linkSeconds(expiresInSeconds: number): number {
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_LINK_SECONDS) {
    throw new PluginInputError([
      { field: 'expiresInSeconds', message: `must be a whole number of seconds from 1 to ${MAX_LINK_SECONDS} (seven days)` },
    ]);
  }
  return expiresInSeconds;
}

/**
 * The built-in `storage` provider: a tenant's files on the API server's disk, laid out like the S3 plugin's keys
 * (`files/tenants/<tenant id>/<key>`), so a chain can later copy them into a bucket as they are. The content type and
 * metadata sit in a JSON sidecar under `files/.metadata/`, outside the tenants' key space, so no key can collide with
 * one. Writes go to a temporary file that is renamed into place: a reader sees the old object or the new, never part.
 */
export class LocalFileStorage implements StorageProvider {
  private readonly clock: Clock;

  constructor(private readonly options: LocalFileStorageOptions) {
    this.clock = options.clock ?? systemClock;
  }

  async put(key: string, body: Uint8Array, { contentType, metadata = {} }: PutObjectOptions): Promise<StoredObjectInfo> {
    const { data, sidecar } = this.paths(key);
    const meta: Sidecar = { contentType, metadata: { ...metadata }, size: body.length };
    try {
      await this.writeAtomically(data, body);
      await this.writeAtomically(sidecar, JSON.stringify(meta));
    } catch (error) {
      // S3 keys are flat; on disk `a` cannot be a file and the folder of `a/b` at once.
      if (has(error, 'ENOTDIR', 'EISDIR', 'EEXIST')) {
        throw new PluginInputError([{ field: 'key', message: `"${key}" clashes with another file's name used as a folder` }]);
      }
      throw error;
    }
    return { key, size: body.length, contentType, metadata: { ...metadata } };
  }

  async get(key: string): Promise<StoredObject | null> {
    const { data, sidecar } = this.paths(key);
    try {
      const meta = JSON.parse(await readFile(sidecar, 'utf8')) as Sidecar;
      const body = new Uint8Array(await readFile(data));
      return { key, size: body.length, contentType: meta.contentType, metadata: meta.metadata, body };
    } catch (error) {
      if (has(error, 'ENOENT', 'ENOTDIR', 'EISDIR')) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    const { data, sidecar } = this.paths(key);
    // The sidecar first: without it the object is already gone for readers.
    for (const file of [sidecar, data]) {
      await rm(file, { force: true }).catch((error) => {
        if (!has(error, 'ENOTDIR', 'EISDIR')) throw error;
      });
      await this.removeEmptyFolders(dirname(file));
    }
  }

  async presignGet(key: string, { expiresInSeconds, downloadName }: { expiresInSeconds: number; downloadName?: string }): Promise<string> {
    this.paths(key);
    return this.options.signedUrl({
      method: 'GET',
      tenantId: this.options.tenantId,
      key,
      expiresAt: this.expiry(expiresInSeconds),
      downloadName,
    });
  }

  async presignPut(key: string, { expiresInSeconds, contentType }: { expiresInSeconds: number; contentType: string }): Promise<string> {
    this.paths(key);
    return this.options.signedUrl({
      method: 'PUT',
      tenantId: this.options.tenantId,
      key,
      expiresAt: this.expiry(expiresInSeconds),
      contentType,
    });
  }

  private expiry(expiresInSeconds: number): number {
    return Math.floor(this.clock.now().getTime() / 1000) + linkSeconds(expiresInSeconds);
  }

  /** Refuses unsafe keys (tenantObjectKey) before any path is built from them. */
  private paths(key: string) {
    const objectKey = tenantObjectKey(this.options.tenantId, key);
    return { data: join(this.options.root, objectKey), sidecar: join(this.options.root, '.metadata', `${objectKey}.json`) };
  }

  private async writeAtomically(path: string, content: Uint8Array | string): Promise<void> {
    const staging = join(this.options.root, '.staging');
    await Promise.all([mkdir(dirname(path), { recursive: true }), mkdir(staging, { recursive: true })]);
    const temporary = join(staging, randomUUID());
    const file = await open(temporary, 'wx', 0o600);
    try {
      await file.writeFile(content);
      await file.sync();
    } finally {
      await file.close();
    }
    try {
      await rename(temporary, path).catch(async (error) => {
        // A delete emptying the folder may have removed it since; make it again once.
        if (!has(error, 'ENOENT')) throw error;
        await mkdir(dirname(path), { recursive: true });
        await rename(temporary, path);
      });
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
  }

  /** Folders are an artefact of the disk layout: once empty they would block a file of the same name. */
  private async removeEmptyFolders(from: string): Promise<void> {
    const stop = join(this.options.root, 'tenants', this.options.tenantId);
    const stopSidecar = join(this.options.root, '.metadata', 'tenants', this.options.tenantId);
    for (let dir = from; dir !== stop && dir !== stopSidecar && dir.startsWith(this.options.root); dir = dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        return;
      }
    }
  }
}
