import { secret, z } from '@dawa/plugin-sdk';

/**
 * One tenant's connection to Elasticsearch. `node` may be left out when the host points the plugin at a node itself
 * (tests, the local sandbox). Credentials are either `username` + `password` or an `apiKey` (the base64 `encoded`
 * value Kibana shows); a cluster with security off needs neither.
 */
export const configSchema = z.object({
  node: z.url().optional(),
  username: z.string().min(1).optional(),
  password: secret(z.string().min(1)).optional(),
  apiKey: secret(z.string().min(1)).optional(),
  /** Index names start with it, so several Dawa installations can share a cluster. Elasticsearch's index-name rules apply. */
  indexPrefix: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,99}$/, 'lower-case letters, digits, "-" and "_", starting with a letter or digit')
    .default('dawa'),
});

export type ElasticsearchConfig = z.output<typeof configSchema>;
