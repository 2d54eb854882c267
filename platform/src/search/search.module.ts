import { Module, type OnModuleInit } from '@nestjs/common';
import { PRODUCTS_CHANGED } from '../catalog/product-events.js';
import { OutboxDispatcher } from '../outbox/outbox-dispatcher.js';
import { PluginsModule } from '../plugins/plugins.module.js';
import { SEARCH_REINDEX } from './search-reindex.js';
import { ProductsChangedHandler, SearchReindexHandler } from './search-sync.handlers.js';
import { SearchController } from './search.controller.js';
import { SearchService } from './search.service.js';

@Module({
  imports: [PluginsModule],
  controllers: [SearchController],
  providers: [SearchService, ProductsChangedHandler, SearchReindexHandler],
})
export class SearchModule implements OnModuleInit {
  constructor(
    private readonly dispatcher: OutboxDispatcher,
    private readonly productsChanged: ProductsChangedHandler,
    private readonly reindex: SearchReindexHandler,
  ) {}

  onModuleInit(): void {
    this.dispatcher.register(PRODUCTS_CHANGED, this.productsChanged);
    this.dispatcher.register(SEARCH_REINDEX, this.reindex);
  }
}
