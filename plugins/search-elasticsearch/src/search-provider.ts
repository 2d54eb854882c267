import type { Client, estypes } from '@elastic/elasticsearch';
import {
  PluginInputError,
  type FieldIssue,
  type PluginContext,
  type ProductSearchQuery,
  type ProductSearchResult,
  type SearchableProduct,
  type SearchProvider,
} from '@dawa/plugin-sdk';
import { writeInBatches } from './bulk-writes.js';
import { elasticsearchClient } from './client.js';
import type { ElasticsearchConfig } from './config.js';
import { didYouMean, didYouMeanRequest } from './did-you-mean.js';
import { toPluginError } from './elasticsearch-errors.js';
import { ProductIndex, productIndexName } from './product-index.js';
import { PRODUCT_SORT, productQuery, TIER_SCORE } from './product-query.js';
import { normaliseQuery } from './query-text.js';

const LIMIT = { default: 20, max: 100 };

/** Elasticsearch's limit on `_id`. */
const MAX_ID_BYTES = 512;

function idIssues(ids: readonly string[], field: (index: number) => string): FieldIssue[] {
  return ids.flatMap((id, index) =>
    typeof id === 'string' && id.length > 0 && Buffer.byteLength(id) <= MAX_ID_BYTES
      ? []
      : [{ field: field(index), message: `must be a non-empty string of at most ${MAX_ID_BYTES} bytes` }],
  );
}

function pageSize(limit: number | undefined): number {
  if (limit === undefined) return LIMIT.default;
  if (!Number.isInteger(limit) || limit < 1) throw new PluginInputError([{ field: 'limit', message: 'must be a whole number from 1' }]);
  return Math.min(limit, LIMIT.max);
}

const document = (product: SearchableProduct) => ({
  id: product.id,
  name: product.name,
  genericName: product.genericName,
  composition: product.composition,
  manufacturer: product.manufacturer,
  barcodes: [...product.barcodes],
  active: product.active,
});

const scored = (hit: estypes.SearchHit) => ({ id: hit._id!, score: hit._score ?? 0 });

/** The tenant's catalogue in its own Elasticsearch index. */
export class ElasticsearchSearch implements SearchProvider {
  private readonly catalogue: ProductIndex;

  constructor(
    private readonly client: Client,
    indexName: string,
  ) {
    this.catalogue = new ProductIndex(client, indexName);
  }

  async index(products: readonly SearchableProduct[]): Promise<void> {
    const issues = idIssues(
      products.map((product) => product.id),
      (index) => `products.${index}.id`,
    );
    if (issues.length) throw new PluginInputError(issues);
    if (!products.length) return;
    await this.catalogue.ensure();
    const writes = products.map((product) => ({ put: product.id, document: document(product) }));
    await this.write(writes, 'index');
  }

  async remove(productIds: readonly string[]): Promise<void> {
    const issues = idIssues(productIds, (index) => `productIds.${index}`);
    if (issues.length) throw new PluginInputError(issues);
    if (!productIds.length) return;
    // Created if missing: a delete would otherwise let Elasticsearch auto-create the index without the mapping.
    await this.catalogue.ensure();
    await this.write(
      productIds.map((id) => ({ delete: id })),
      'remove',
    );
  }

  async search({ text, limit, includeInactive = false }: ProductSearchQuery): Promise<ProductSearchResult> {
    const size = pageSize(limit);
    const q = normaliseQuery(text);
    if (!q) return { hits: [] };
    try {
      const found = await this.find(q, size, includeInactive, true);
      const hits = found.hits.hits.map(scored);
      // Worth offering only when the words as typed found nothing, so the hits (if any) are guesses at typos.
      const typed = hits.length > 0 && hits[0].score >= TIER_SCORE.words;
      const suggestion = typed ? undefined : didYouMean(q, found.suggest);
      if (!suggestion) return { hits };
      // Products with the likeliest correction first ("glimepiride" in a hundred products before the brand Glipride,
      // as close to "glimipride"), then the other typo matches: the suggester weighs how common each word is.
      const corrected = (await this.find(suggestion, size, includeInactive, false)).hits.hits.map(scored);
      const first = corrected.filter((hit) => hit.score >= TIER_SCORE.words);
      const firstIds = new Set(first.map((hit) => hit.id));
      return { hits: [...first, ...hits.filter((hit) => !firstIds.has(hit.id))].slice(0, size), suggestion };
    } catch (error) {
      throw toPluginError('search the catalogue', error);
    }
  }

  private find(text: string, size: number, includeInactive: boolean, withSuggestion: boolean) {
    return this.client.search({
      index: this.catalogue.name,
      // A tenant that has indexed nothing yet has no index: nothing to find, not an error.
      ignore_unavailable: true,
      size,
      query: productQuery(text, includeInactive),
      sort: PRODUCT_SORT,
      track_scores: true,
      track_total_hits: false,
      _source: false,
      suggest: withSuggestion ? didYouMeanRequest(text) : undefined,
    });
  }

  private async write(writes: Parameters<typeof writeInBatches>[2], action: 'index' | 'remove'): Promise<void> {
    try {
      await writeInBatches(this.client, this.catalogue.name, writes, action);
    } catch (error) {
      throw toPluginError(`${action} products in ${this.catalogue.name}`, error);
    }
  }
}

export function elasticsearchSearch(context: PluginContext<ElasticsearchConfig>): SearchProvider {
  return new ElasticsearchSearch(elasticsearchClient(context), productIndexName(context.config.indexPrefix, context.tenant.id));
}
