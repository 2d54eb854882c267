import { Injectable } from '@nestjs/common';
import type { TenantScope } from '../common/tenant-scope.js';
import type { ProductsChanged } from '../catalog/product-events.js';
import { ident } from '../database/sql.js';
import type { OutboxEvent, OutboxHandler } from '../outbox/outbox-handler.js';
import { PluginHostService } from '../plugins/plugin-host.service.js';
import { searchableProducts } from './search-documents.js';

/** Products sent to the engine per request when the whole catalogue is re-indexed. */
const REINDEX_PAGE = 1_000;

/**
 * Keeps the tenant's search plugin in step with the catalogue: the changed products are indexed as they are now,
 * and those no longer there are removed. A tenant without a search plugin needs nothing (PostgreSQL searches the
 * tables themselves). A plugin that fails throws, so the outbox retries with backoff and parks the event in the end.
 */
@Injectable()
export class ProductsChangedHandler implements OutboxHandler<ProductsChanged> {
  constructor(private readonly plugins: PluginHostService) {}

  async handle(event: OutboxEvent<ProductsChanged>, scope: TenantScope): Promise<void> {
    const engine = await this.plugins.enabledProvider(scope, 'search');
    if (!engine) return;
    const ids = [...new Set(event.payload.productIds)];
    const products = await searchableProducts(scope.em, scope.tenant, ids);
    const present = new Set(products.map((p) => p.id));
    if (products.length) await engine.index(products);
    const gone = ids.filter((id) => !present.has(id));
    if (gone.length) await engine.remove(gone);
  }
}

/** Sends the whole catalogue to a search plugin that was just turned on or pointed somewhere new, page by page. */
@Injectable()
export class SearchReindexHandler implements OutboxHandler<{ plugin: string }> {
  constructor(private readonly plugins: PluginHostService) {}

  async handle(_event: OutboxEvent<{ plugin: string }>, scope: TenantScope): Promise<void> {
    const engine = await this.plugins.enabledProvider(scope, 'search');
    if (!engine) return;
    const table = `${ident(scope.tenant.schemaName)}.product`;
    for (let after: string | null = null; ;) {
      const page: Array<{ id: string }> = await scope.em.execute(
        `select id from ${table} where (?::uuid is null or id > ?::uuid) order by id limit ?`,
        [after, after, REINDEX_PAGE],
      );
      if (!page.length) return;
      // A fresh EntityManager per page: a quarter of a million products must not pile up in one identity map.
      const products = await searchableProducts(
        scope.em.fork(),
        scope.tenant,
        page.map((row) => row.id),
      );
      await engine.index(products);
      after = page.at(-1)!.id;
    }
  }
}
