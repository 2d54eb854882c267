import { Body, Controller, Get, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { setContentRange } from '../common/list-query.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { scopeFromRequest } from '../common/tenant-scope.js';
import { openApiSchema, zodPipe } from '../common/validation.js';
import { InventoryReportsService } from './inventory-reports.service.js';
import {
  ADJUSTMENT_REASONS,
  adjustmentInput,
  receiptInput,
  storeQuery,
  type AdjustmentInput,
  type ReceiptInput,
} from './inventory.schemas.js';
import { StockService } from './stock.service.js';

@ApiTags('stock')
@Controller('api/v1/stock')
export class StockController {
  constructor(
    private readonly stock: StockService,
    private readonly reports: InventoryReportsService,
  ) {}

  @Get()
  async list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.stock.list(scopeFromRequest(ctx), query);
    setContentRange(reply, 'stock', page.query, page.rows.length, page.total);
    return page.rows;
  }

  @Get('movements')
  async movements(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.stock.movements(scopeFromRequest(ctx), query);
    setContentRange(reply, 'movements', page.query, page.rows.length, page.total);
    return page.rows;
  }

  @Post('receipts')
  @ApiBody({ schema: openApiSchema(receiptInput) })
  receive(@Ctx() ctx: RequestContext, @Body(zodPipe(receiptInput)) body: ReceiptInput) {
    return this.stock.receive(scopeFromRequest(ctx), body);
  }

  @Post('adjustments')
  @ApiBody({ schema: openApiSchema(adjustmentInput) })
  adjust(@Ctx() ctx: RequestContext, @Body(zodPipe(adjustmentInput)) body: AdjustmentInput) {
    return this.stock.adjust(scopeFromRequest(ctx), body);
  }

  /** The reasons an adjustment may give, in the order a form offers them, with the way each moves the count. */
  @Get('adjustment-reasons')
  adjustmentReasons() {
    return Object.entries(ADJUSTMENT_REASONS).map(([id, reason]) => ({ id, ...reason }));
  }

  @Get('alerts')
  alerts(@Ctx() ctx: RequestContext, @Query(zodPipe(storeQuery)) query: z.infer<typeof storeQuery>) {
    return this.reports.alerts(scopeFromRequest(ctx), query.storeId);
  }
}
