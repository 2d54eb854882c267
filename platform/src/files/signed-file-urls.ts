import { createHmac, hkdfSync } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { safeEqual } from '@dawa/plugin-sdk';
import { Problem } from '../common/problem.js';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config/config.js';

/** What a signed file URL lets its holder do, and until when. */
export interface FileGrant {
  method: 'GET' | 'PUT';
  tenantId: string;
  /** The tenant-relative key. */
  key: string;
  /** Unix seconds. */
  expiresAt: number;
  /** PUT: the only content type the upload may carry. */
  contentType?: string;
  /** GET: the file name the download is saved as. */
  downloadName?: string;
}

const encode = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

/**
 * The local file store's presigned URLs: the grant itself, base64url JSON, and its HMAC-SHA256 under a key derived
 * from the platform's encryption key (so there is no extra secret to manage, and the two uses never share a key).
 * Anyone holding the token may do exactly what it says until it expires; nobody can forge or widen one.
 */
@Injectable()
export class SignedFileUrls {
  private readonly key: Buffer;

  constructor(@Inject(PLATFORM_CONFIG) config: PlatformConfig) {
    this.key = Buffer.from(hkdfSync('sha256', config.encryptionKey, Buffer.alloc(0), 'dawa:signed-file-urls:v1', 32));
  }

  sign(grant: FileGrant): string {
    const payload = encode(JSON.stringify(grant));
    return `${payload}.${this.mac(payload)}`;
  }

  /** The grant a token carries, for this method and not expired; otherwise a 403 saying which it is. */
  verify(token: string, method: FileGrant['method'], now: Date): FileGrant {
    const [payload, mac, extra] = token.split('.');
    if (!payload || !mac || extra !== undefined || !safeEqual(mac, this.mac(payload))) {
      throw Problem.forbidden('This file link is not valid. Ask for a new one.', 'file-link-invalid');
    }
    const grant = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as FileGrant;
    if (grant.method !== method) {
      throw Problem.forbidden(`This file link is for ${grant.method === 'GET' ? 'downloading' : 'uploading'} only.`, 'file-link-invalid');
    }
    if (grant.expiresAt * 1000 <= now.getTime()) {
      throw Problem.forbidden('This file link has expired. Ask for a new one.', 'file-link-expired');
    }
    return grant;
  }

  private mac(payload: string): string {
    return createHmac('sha256', this.key).update(payload).digest('base64url');
  }
}
