import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { attachmentDisposition, PluginInputError, tenantObjectKey, type PluginContext, type StorageProvider } from '@dawa/plugin-sdk';
import type { S3Config } from './config.js';
import { createS3Client } from './s3-client.js';
import { isMissingObject, storageError } from './s3-errors.js';
import { fromS3Metadata, toS3Metadata } from './s3-metadata.js';

/** SigV4 presigned URLs live at most seven days. */
const MAX_PRESIGN_SECONDS = 7 * 24 * 60 * 60;

function presignSeconds(expiresInSeconds: number): number {
  if (!Number.isInteger(expiresInSeconds) || expiresInSeconds < 1 || expiresInSeconds > MAX_PRESIGN_SECONDS) {
    throw new PluginInputError([
      { field: 'expiresInSeconds', message: `must be a whole number of seconds from 1 to ${MAX_PRESIGN_SECONDS} (seven days)` },
    ]);
  }
  return expiresInSeconds;
}

/** The `storage` extension point on S3: every key lives under `<prefix>tenants/<tenant id>/` of the bucket. */
export function s3Storage({ tenant, config, http, clock }: PluginContext<S3Config>): StorageProvider {
  const client = createS3Client(config, http.baseUrl);
  const Bucket = config.bucket;
  const objectKey = (key: string) => `${config.prefix}${tenantObjectKey(tenant.id, key)}`;
  const presign = (command: GetObjectCommand | PutObjectCommand, expiresIn: number, signableHeaders?: Set<string>) =>
    getSignedUrl(client, command, { expiresIn, signingDate: clock.now(), signableHeaders });

  return {
    async put(key, body, { contentType, metadata = {} }) {
      const Key = objectKey(key);
      const Metadata = toS3Metadata(metadata);
      try {
        await client.send(
          new PutObjectCommand({ Bucket, Key, Body: body, ContentLength: body.length, ContentType: contentType, Metadata }),
        );
      } catch (error) {
        throw storageError(error, config, 'store an object');
      }
      return { key, size: body.length, contentType, metadata: { ...metadata } };
    },

    async get(key) {
      const Key = objectKey(key);
      try {
        const object = await client.send(new GetObjectCommand({ Bucket, Key }));
        const body = await object.Body!.transformToByteArray();
        return {
          key,
          size: body.length,
          contentType: object.ContentType ?? 'application/octet-stream',
          metadata: fromS3Metadata(object.Metadata),
          body,
        };
      } catch (error) {
        if (isMissingObject(error)) return null;
        throw storageError(error, config, 'read an object');
      }
    },

    async delete(key) {
      const Key = objectKey(key);
      try {
        await client.send(new DeleteObjectCommand({ Bucket, Key }));
      } catch (error) {
        if (isMissingObject(error)) return;
        throw storageError(error, config, 'delete an object');
      }
    },

    async presignGet(key, { expiresInSeconds, downloadName }) {
      const command = new GetObjectCommand({
        Bucket,
        Key: objectKey(key),
        ResponseContentDisposition: downloadName === undefined ? undefined : attachmentDisposition(downloadName),
      });
      return presign(command, presignSeconds(expiresInSeconds));
    },

    async presignPut(key, { expiresInSeconds, contentType }) {
      // Signing the content type makes S3 refuse an upload of any other type with the URL.
      const command = new PutObjectCommand({ Bucket, Key: objectKey(key), ContentType: contentType });
      return presign(command, presignSeconds(expiresInSeconds), new Set(['content-type']));
    },
  };
}
