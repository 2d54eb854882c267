import { secret, z } from '@dawa/plugin-sdk';

export const s3ConfigSchema = z.object({
  bucket: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name: 3-63 lower-case letters, digits, dots or hyphens')
    .meta({ title: 'Bucket' }),
  region: z
    .string()
    .trim()
    .regex(/^[a-z0-9-]{2,32}$/, 'must be a region name such as ap-south-1 or af-south-1')
    .meta({ title: 'Region', description: 'ap-south-1, af-south-1, …' }),
  accessKeyId: z
    .string()
    .trim()
    .min(3, 'must be the access key id of the bucket’s IAM user or service account')
    .meta({ title: 'Access key ID' }),
  secretAccessKey: secret(
    z.string().min(8, 'must be the secret access key that goes with the access key id').meta({ title: 'Secret access key' }),
  ),
  endpoint: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL such as https://minio.example.com' })
    .optional()
    .meta({ title: 'Endpoint', description: 'An S3-compatible service instead of AWS: MinIO, versitygw, Cloudflare R2, Wasabi.' }),
  /**
   * Bucket in the path (`host/bucket/key`) rather than the host name (`bucket.host/key`). Unset: path style exactly
   * when the endpoint is an IP address or localhost, where a bucket sub-domain cannot resolve.
   */
  forcePathStyle: z
    .boolean()
    .optional()
    .meta({ title: 'Path-style addressing', description: 'Unset: path style exactly when the endpoint is an IP address or localhost.' }),
  /** Put every tenant's objects under this folder of the bucket, so a bucket can be shared: `dawa/production/`. */
  prefix: z
    .string()
    .regex(/^([A-Za-z0-9._-]+\/)*$/, 'must be empty or folder names each ending in a slash, such as dawa/production/')
    .refine((prefix) => !prefix.split('/').some((segment) => segment === '.' || segment === '..'), 'must not contain . or .. folders')
    .default('')
    .meta({
      title: 'Folder prefix',
      description: 'Every tenant’s objects go under this folder, so a bucket can be shared: dawa/production/',
    }),
});

export type S3Config = z.output<typeof s3ConfigSchema>;
