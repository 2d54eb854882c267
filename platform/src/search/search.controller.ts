import { Controller, Get, Query } from '@nestjs/common';
import { ApiQuery, ApiTags } from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { scopeFromRequest } from '../common/tenant-scope.js';
import { zodPipe } from '../common/validation.js';
import { searchQuery, SEARCH_LIMIT, type SearchQuery } from './search.schemas.js';
import { SearchService } from './search.service.js';

@ApiTags('catalog')
@Controller('api/v1/products')
export class SearchController {
  constructor(private readonly search: SearchService) {}

  /** A static segment: Fastify's router prefers it to the catalogue's `GET /products/:id`. */
  @Get('search')
  @ApiQuery({ name: 'q', required: true, description: 'brand, generic, composition, manufacturer or barcode; typos allowed' })
  @ApiQuery({ name: 'limit', required: false, description: `1–${SEARCH_LIMIT.max}, default ${SEARCH_LIMIT.default}` })
  @ApiQuery({ name: 'storeId', required: false, description: 'adds inStock: sellable quantity in that store' })
  find(@Ctx() ctx: RequestContext, @Query(zodPipe(searchQuery)) query: SearchQuery) {
    return this.search.search(scopeFromRequest(ctx), query);
  }
}
