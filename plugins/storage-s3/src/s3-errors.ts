import { S3ServiceException } from '@aws-sdk/client-s3';
import { PluginError } from '@dawa/plugin-sdk';
import type { S3Config } from './config.js';

/** S3's error codes for "no such object": GetObject says NoSuchKey, HEAD requests carry no body and say NotFound. */
export function isMissingObject(error: unknown): boolean {
  return error instanceof S3ServiceException && (error.name === 'NoSuchKey' || error.name === 'NotFound');
}

/**
 * An S3 failure as a PluginError an operator can act on. The bucket and region are named; the credentials never are.
 * A store that cannot be reached is `upstream_unavailable`, like every other plugin's vendor being down.
 */
export function storageError(error: unknown, config: S3Config, action: string): PluginError {
  if (error instanceof PluginError) return error;
  if (!(error instanceof S3ServiceException)) {
    return new PluginError('upstream_unavailable', `Could not reach the object store to ${action}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const where = `bucket "${config.bucket}" (${config.region})`;
  switch (error.name) {
    case 'NoSuchBucket':
      return new PluginError('storage_bucket_missing', `The ${where} does not exist; create it or correct the bucket name.`, {
        cause: error,
      });
    case 'AccessDenied':
    case 'AllAccessDisabled':
      return new PluginError(
        'storage_access_denied',
        `The object store refused to ${action} in ${where}: the access key lacks permission for it.`,
        { cause: error },
      );
    case 'InvalidAccessKeyId':
    case 'SignatureDoesNotMatch':
      return new PluginError(
        'storage_credentials_rejected',
        `The object store rejected the access key for ${where}: check the access key id and secret.`,
        { cause: error },
      );
    default:
      return new PluginError(
        'storage_failed',
        `The object store could not ${action} in ${where}: ${error.name} (HTTP ${error.$metadata.httpStatusCode ?? '?'}).`,
        { cause: error },
      );
  }
}
