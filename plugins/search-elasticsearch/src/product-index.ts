import type { Client } from '@elastic/elasticsearch';
import { PluginError } from '@dawa/plugin-sdk';
import { errorType, toPluginError } from './elasticsearch-errors.js';
import { MAPPING_VERSION, productIndexSettings, productMappings } from './product-mapping.js';

/**
 * The tenant's own index, `<prefix>-products-<tenant id>`. Its name comes from the host's tenant, never from a
 * request, so no query can name another tenant's index.
 */
export function productIndexName(prefix: string, tenantId: string): string {
  if (!/^[A-Za-z0-9-]{1,100}$/.test(tenantId)) {
    throw new PluginError('invalid_tenant', `Tenant id ${JSON.stringify(tenantId)} cannot be part of an Elasticsearch index name`);
  }
  return `${prefix}-products-${tenantId.toLowerCase()}`;
}

/**
 * Creates the tenant's index with its mapping on first use. Safe to race: within a process callers share one
 * attempt; across processes the loser of the creation race finds the winner's index. An index that exists with
 * another mapping (made by hand, or auto-created by a stray write) is refused rather than half-used.
 */
export class ProductIndex {
  private ready?: Promise<void>;

  constructor(
    private readonly client: Client,
    readonly name: string,
  ) {}

  ensure(): Promise<void> {
    this.ready ??= this.createUnlessPresent().catch((error: unknown) => {
      this.ready = undefined;
      throw toPluginError(`prepare the search index ${this.name}`, error);
    });
    return this.ready;
  }

  private async createUnlessPresent(): Promise<void> {
    let version = await this.mappingVersion();
    if (version === null) {
      try {
        await this.client.indices.create({ index: this.name, settings: productIndexSettings, mappings: productMappings });
        return;
      } catch (error) {
        if (errorType(error) !== 'resource_already_exists_exception') throw error;
      }
      version = await this.mappingVersion();
    }
    if (version !== MAPPING_VERSION) {
      throw new PluginError(
        'search_index_incompatible',
        `Search index ${this.name} has mapping version ${version ?? 'none'}, this plugin needs ${MAPPING_VERSION}: ` +
          'delete the index (the plugin re-creates it on first use) and index the catalogue again',
      );
    }
  }

  /** The `_meta.mappingVersion` the index was created with; null when there is no index. */
  private async mappingVersion(): Promise<unknown> {
    try {
      const mappings = await this.client.indices.getMapping({ index: this.name });
      return mappings[this.name]?.mappings._meta?.mappingVersion;
    } catch (error) {
      if (errorType(error) === 'index_not_found_exception') return null;
      throw error;
    }
  }
}
