import { createExtension, type PluginTenant, type SearchableProduct, type SearchProvider } from '@dawa/plugin-sdk';
import plugin from '../../src/index.js';
import type { TestCluster } from './test-cluster.js';

/** Index names of this run start with it, so a run against a long-lived node never meets an earlier run's indices. */
export const TEST_INDEX_PREFIX = `test-${process.pid}-${Date.now().toString(36)}`;

/** The tenant's search extension as the host builds it, pointed at the test cluster. */
export function searchFor(cluster: TestCluster, tenant: PluginTenant, config: Record<string, unknown> = {}): SearchProvider {
  return createExtension(plugin, 'search', { tenant, config: { indexPrefix: TEST_INDEX_PREFIX, ...config }, baseUrl: cluster.url });
}

export const hitIds = async (search: SearchProvider, text: string, options: { includeInactive?: boolean; limit?: number } = {}) =>
  (await search.search({ text, ...options })).hits.map((hit) => hit.id);

export const product = (id: string, name: string, fields: Partial<SearchableProduct> = {}): SearchableProduct => ({
  id,
  name,
  genericName: '',
  composition: '',
  manufacturer: 'Test Labs',
  barcodes: [],
  active: true,
  ...fields,
});
