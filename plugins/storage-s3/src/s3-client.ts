import { isIP } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
import type { S3Config } from './config.js';

/** Virtual-hosted addressing puts the bucket in the host name, which an IP address or localhost cannot carry. */
function needsPathStyle(endpoint: string): boolean {
  const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || isIP(host) !== 0;
}

/**
 * The official S3 client for one tenant's configuration. `endpoint` is the plugin context's base URL: the configured
 * S3-compatible store, a local server the host points the plugin at, or empty for AWS itself.
 */
export function createS3Client(config: S3Config, endpoint: string): S3Client {
  return new S3Client({
    region: config.region,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
    ...(endpoint ? { endpoint } : {}),
    forcePathStyle: config.forcePathStyle ?? (endpoint ? needsPathStyle(endpoint) : false),
    // Checksums only where S3 requires them: S3-compatible stores differ in which checksum headers they accept, and a
    // checksum signed into a presigned upload URL would bind it to the bytes known when signing (none).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
  });
}
