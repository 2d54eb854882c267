import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { CrudController } from '../../common/crud-controller.js';
import { Ctx, type RequestContext } from '../../common/request-context.js';
import { scopeFromRequest } from '../../common/tenant-scope.js';
import { openApiSchema, uuid, zodPipe } from '../../common/validation.js';
import { supplierInput, supplierProductInput, supplierUpdate, type SupplierProductInput } from '../purchasing.schemas.js';
import { SuppliersService } from './suppliers.service.js';

@ApiTags('purchasing')
@Controller('api/v1/suppliers')
export class SuppliersController extends CrudController({ resource: 'suppliers', input: supplierInput, update: supplierUpdate }) {
  constructor(private readonly suppliers: SuppliersService) {
    super(suppliers);
  }

  @Get(':id/products')
  products(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string) {
    return this.suppliers.products(scopeFromRequest(ctx), id);
  }

  @Put(':id/products/:productId')
  @ApiBody({ schema: openApiSchema(supplierProductInput) })
  setProduct(
    @Ctx() ctx: RequestContext,
    @Param('id', zodPipe(uuid())) id: string,
    @Param('productId', zodPipe(uuid())) productId: string,
    @Body(zodPipe(supplierProductInput)) body: SupplierProductInput,
  ) {
    return this.suppliers.setProduct(scopeFromRequest(ctx), id, productId, body);
  }
}
