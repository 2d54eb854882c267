import { PluginInputError } from './errors.js';

/**
 * The `storage` extension point: files (prescription images, invoice PDFs, exports) for one tenant. Keys are relative
 * to the tenant's own prefix; a provider never reads or writes outside it.
 */
export interface StorageProvider {
  put(key: string, body: Uint8Array, options: PutObjectOptions): Promise<StoredObjectInfo>;
  /** null when there is no such object. */
  get(key: string): Promise<StoredObject | null>;
  /** Deleting what is not there is not an error. */
  delete(key: string): Promise<void>;
  /** A URL anyone holding it can download the object from until it expires. */
  presignGet(key: string, options: { expiresInSeconds: number; downloadName?: string }): Promise<string>;
  /** A URL a client can PUT the object's bytes to (with this content type) until it expires. */
  presignPut(key: string, options: { expiresInSeconds: number; contentType: string }): Promise<string>;
}

export interface PutObjectOptions {
  contentType: string;
  metadata?: Readonly<Record<string, string>>;
}

export interface StoredObjectInfo {
  key: string;
  size: number;
  contentType: string;
  metadata: Record<string, string>;
}

export interface StoredObject extends StoredObjectInfo {
  body: Uint8Array;
}

/**
 * The full object key for a tenant's relative key: `tenants/<tenant id>/<key>`. Refuses keys that are empty, absolute,
 * contain `.`/`..` or empty segments, backslashes or control characters — anything that could name another tenant's
 * object or mean different things to different stores.
 */
export function tenantObjectKey(tenantId: string, key: string): string {
  const segments = key.split('/');
  const unsafe =
    !key ||
    key.length > 900 ||
    /[\\\u0000-\u001f\u007f]/.test(key) ||
    segments.some((segment) => segment === '' || segment === '.' || segment === '..');
  if (unsafe) throw new PluginInputError([{ field: 'key', message: `"${key}" is not a safe relative object key` }]);
  return `tenants/${tenantId}/${key}`;
}

/**
 * The `Content-Disposition` that makes a browser save a download as `fileName` (RFC 6266): a plain-ASCII `filename`
 * for old clients and the exact name, percent-encoded UTF-8, in `filename*`. Quotes, backslashes and control
 * characters never reach the header, so a name cannot inject another parameter or header.
 */
export function attachmentDisposition(fileName: string): string {
  const safe = fileName.toWellFormed().replace(/[\u0000-\u001f\u007f]/g, '');
  const ascii = safe.replace(/[^\u0020-\u007e]/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(safe).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
