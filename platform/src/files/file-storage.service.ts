import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import type { StorageProvider, StoredObjectInfo } from '@dawa/plugin-sdk';
import type { TenantScope } from '../common/tenant-scope.js';
import { PublicUrl } from '../common/public-url.js';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config/config.js';
import { PluginHostService } from '../plugins/plugin-host.service.js';
import { LocalFileStorage } from './local-file-storage.js';
import { SignedFileUrls } from './signed-file-urls.js';
import { storageProblem } from './storage-problem.js';
import { checkUpload } from './upload-check.js';

export const FILES_ROUTE = 'api/v1/files';

export interface UploadInput {
  /** Tenant-relative: `prescriptions/<id>/page-1.jpg`. */
  key: string;
  bytes: Uint8Array;
  /** The content type the client sent; the bytes must be of this type. */
  declaredType: string;
}

/**
 * Where a tenant's files go: the storage plugin the chain turned on (S3), or else the built-in store on the API
 * server's disk under `<dataDir>/files/tenants/<tenant id>/`, whose presigned URLs this API serves itself.
 */
@Injectable()
export class FileStorageService {
  private readonly root: string;

  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly plugins: PluginHostService,
    private readonly urls: SignedFileUrls,
    private readonly publicUrl: PublicUrl,
  ) {
    this.root = join(config.dataDir, 'files');
  }

  get maxUploadBytes(): number {
    return this.config.env.DAWA_FILE_MAX_BYTES;
  }

  async provider(scope: TenantScope): Promise<StorageProvider> {
    return (await this.plugins.enabledProvider(scope, 'storage')) ?? this.localStorage(scope.tenant.id);
  }

  /** The built-in store of one tenant: what the tenant uses without a storage plugin, and what signed file URLs serve. */
  localStorage(tenantId: string): LocalFileStorage {
    return new LocalFileStorage({
      root: this.root,
      tenantId,
      signedUrl: (grant) => `${this.publicUrl.base()}/${FILES_ROUTE}/${this.urls.sign(grant)}`,
    });
  }

  /**
   * Stores a file a user uploaded (a prescription scan) after checking it: at most the configured size, an image or
   * PDF by its bytes, and the type it was declared as. It is stored under the type its bytes show.
   */
  async storeUpload(scope: TenantScope, { key, bytes, declaredType }: UploadInput): Promise<StoredObjectInfo> {
    const contentType = checkUpload(bytes, declaredType, this.maxUploadBytes);
    const storage = await this.provider(scope);
    try {
      return await storage.put(key, bytes, { contentType });
    } catch (error) {
      throw storageProblem(error);
    }
  }
}
