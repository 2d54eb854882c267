import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CrudController } from '../common/crud-controller.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { scopeFromRequest } from '../common/tenant-scope.js';
import { uuid, zodPipe } from '../common/validation.js';
import { z } from 'zod';
import { CatalogService } from './catalog.service.js';
import { productInput, productUpdate } from './product.schemas.js';

const substitutesQuery = z.object({ storeId: uuid().optional() });

@ApiTags('catalog')
@Controller('api/v1/products')
export class ProductsController extends CrudController({ resource: 'products', input: productInput, update: productUpdate }) {
  constructor(private readonly catalog: CatalogService) {
    super(catalog);
  }

  /** A static segment: Fastify's router prefers it to `GET /products/:id`. */
  @Get('rules')
  rules(@Ctx() ctx: RequestContext) {
    return this.catalog.rules(scopeFromRequest(ctx));
  }

  @Get(':id/substitutes')
  substitutes(
    @Ctx() ctx: RequestContext,
    @Param('id', zodPipe(uuid())) id: string,
    @Query(zodPipe(substitutesQuery)) query: z.infer<typeof substitutesQuery>,
  ) {
    return this.catalog.substitutes(scopeFromRequest(ctx), id, query.storeId);
  }
}
