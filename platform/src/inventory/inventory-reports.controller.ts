import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { scopeFromRequest } from '../common/tenant-scope.js';
import { zodPipe } from '../common/validation.js';
import { InventoryReportsService } from './inventory-reports.service.js';
import { storeQuery } from './inventory.schemas.js';

@ApiTags('reports')
@Controller('api/v1/reports')
export class InventoryReportsController {
  constructor(private readonly reports: InventoryReportsService) {}

  @Get('stock-valuation')
  valuation(@Ctx() ctx: RequestContext, @Query(zodPipe(storeQuery)) query: z.infer<typeof storeQuery>) {
    return this.reports.valuation(scopeFromRequest(ctx), query.storeId);
  }

  @Get('inventory-ageing')
  ageing(@Ctx() ctx: RequestContext, @Query(zodPipe(storeQuery)) query: z.infer<typeof storeQuery>) {
    return this.reports.ageing(scopeFromRequest(ctx), query.storeId);
  }

  @Get('stock-reconciliation')
  reconciliation(@Ctx() ctx: RequestContext, @Query(zodPipe(storeQuery)) query: z.infer<typeof storeQuery>) {
    return this.reports.reconciliation(scopeFromRequest(ctx), query.storeId);
  }
}
