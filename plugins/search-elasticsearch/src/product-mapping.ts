import type { estypes } from '@elastic/elasticsearch';

/**
 * Bumped whenever the settings or mapping below change: an index made by another version is refused with a clear
 * message (re-index needed) rather than queried with fields it does not have.
 */
export const MAPPING_VERSION = 1;

/**
 * Analysis uses only what every Elasticsearch 8 node has built in (the standard tokenizer, the lowercase filter and
 * normaliser), so the index can be created on any distribution, including one without the analysis-common module.
 */
const productText = (extra: Partial<estypes.MappingTextProperty> = {}): estypes.MappingTextProperty => ({
  ...extra,
  type: 'text',
  analyzer: 'product_text',
  // Type-ahead ("amox", "azithro") reads pre-built prefixes instead of scanning every term that starts with them.
  index_prefixes: { min_chars: 2, max_chars: 10 },
  copy_to: ['suggest'],
});

export const productIndexSettings: estypes.IndicesIndexSettings = {
  number_of_shards: 1,
  // No replica on a single node (green), one as soon as the cluster has a second node.
  auto_expand_replicas: '0-1',
  // Set explicitly so the shard never goes "search idle": `refresh: wait_for` then resolves within a second.
  refresh_interval: '1s',
  analysis: {
    analyzer: { product_text: { type: 'custom', tokenizer: 'standard', filter: ['lowercase'] } },
  },
};

export const productMappings: estypes.MappingTypeMapping = {
  dynamic: 'strict',
  _meta: { mappingVersion: MAPPING_VERSION },
  properties: {
    // `_id` cannot be sorted on; this copy breaks ties between equally ranked products.
    id: { type: 'keyword' },
    // `name.key` is the whole name in lower case: exact-name and name-prefix matches.
    name: productText({ fields: { key: { type: 'keyword', normalizer: 'lowercase' } } }),
    genericName: productText(),
    composition: productText(),
    manufacturer: productText(),
    barcodes: { type: 'keyword' },
    active: { type: 'boolean' },
    // Every word of the product, for the "did you mean" suggester.
    suggest: { type: 'text', analyzer: 'product_text' },
  },
};
