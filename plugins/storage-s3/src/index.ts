import { definePlugin, PLUGIN_API_VERSION } from '@dawa/plugin-sdk';
import { s3ConfigSchema } from './config.js';
import { s3Storage } from './s3-storage.js';

export default definePlugin({
  name: 'storage-s3',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  countries: 'any',
  description: 'Files in Amazon S3 or an S3-compatible store (MinIO, versitygw, R2), each tenant under its own key prefix',
  configSchema: s3ConfigSchema,
  // AWS picks the regional endpoint itself; only an S3-compatible store names one.
  baseUrl: (config) => config.endpoint ?? '',
  provides: { storage: s3Storage },
});

export type { S3Config } from './config.js';
