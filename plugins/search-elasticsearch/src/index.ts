import { definePlugin, PLUGIN_API_VERSION } from '@dawa/plugin-sdk';
import { configSchema } from './config.js';
import { elasticsearchSearch } from './search-provider.js';

export default definePlugin({
  name: 'search-elasticsearch',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  countries: 'any',
  description: 'Product search on Elasticsearch 8: typo-tolerant brand, generic, composition and barcode search, one index per tenant',
  configSchema,
  baseUrl: (config) => config.node ?? '',
  provides: { search: elasticsearchSearch },
});

export { configSchema, type ElasticsearchConfig } from './config.js';
