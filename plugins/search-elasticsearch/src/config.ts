import { secret, z } from '@dawa/plugin-sdk';

/**
 * One tenant's connection to Elasticsearch. `node` may be left out when the host points the plugin at a node itself
 * (tests, the local sandbox). Credentials are either `username` + `password` or an `apiKey` (the base64 `encoded`
 * value Kibana shows); a cluster with security off needs neither.
 */
export const configSchema = z.object({
  node: z.url().optional().meta({ title: 'Node URL', description: 'https://search.example.com:9200' }),
  username: z.string().min(1).optional().meta({ title: 'Username' }),
  password: secret(z.string().min(1).meta({ title: 'Password' })).optional(),
  apiKey: secret(z.string().min(1).meta({ title: 'API key', description: 'The base64 encoded value Kibana shows.' })).optional(),
  indexPrefix: z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]{0,99}$/, 'lower-case letters, digits, "-" and "_", starting with a letter or digit')
    .default('dawa')
    .meta({ title: 'Index prefix', description: 'Index names start with it, so several Dawa installations can share a cluster.' }),
});

export type ElasticsearchConfig = z.output<typeof configSchema>;
