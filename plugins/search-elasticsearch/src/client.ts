import { Client, type ClientOptions } from '@elastic/elasticsearch';
import { PluginConfigError, type PluginContext } from '@dawa/plugin-sdk';
import type { ElasticsearchConfig } from './config.js';

const PLUGIN = 'search-elasticsearch';

function authOf(config: ElasticsearchConfig): ClientOptions['auth'] {
  if (config.apiKey && (config.username || config.password)) {
    throw new PluginConfigError(PLUGIN, [{ field: 'apiKey', message: 'use either an API key or a username and password, not both' }]);
  }
  if (config.apiKey) return { apiKey: config.apiKey };
  if (config.username && config.password) return { username: config.username, password: config.password };
  if (config.username || config.password) {
    const missing = config.username ? 'password' : 'username';
    throw new PluginConfigError(PLUGIN, [{ field: missing, message: 'is required with the other half of the credentials' }]);
  }
  return undefined;
}

/**
 * The official client, pointed at `context.http.baseUrl`: the configured `node`, or the node the host points the
 * plugin at. The 8.x client speaks to 8.x servers (a 9.x client refuses them).
 */
export function elasticsearchClient({ config, http }: PluginContext<ElasticsearchConfig>): Client {
  if (!http.baseUrl) throw new PluginConfigError(PLUGIN, [{ field: 'node', message: 'is required: the URL of an Elasticsearch node' }]);
  return new Client({ node: http.baseUrl, auth: authOf(config), requestTimeout: 15_000, maxRetries: 2 });
}
