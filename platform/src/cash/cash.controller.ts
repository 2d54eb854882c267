import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { setContentRange } from '../common/list-query.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { scopeFromRequest } from '../common/tenant-scope.js';
import { openApiSchema, uuid, zodPipe } from '../common/validation.js';
import { CashSessionsService } from './cash-sessions.service.js';
import {
  closeCashSession,
  dailySalesQuery,
  openCashSession,
  salesSummaryQuery,
  type CloseCashSession,
  type DailySalesQuery,
  type OpenCashSession,
  type SalesSummaryQuery,
} from './cash.schemas.js';
import { DailySalesService } from './daily-sales.service.js';
import { SalesSummaryService } from './sales-summary.service.js';

@ApiTags('cash')
@Controller('api/v1/cash-sessions')
export class CashSessionsController {
  constructor(private readonly sessions: CashSessionsService) {}

  /** 201 with the open session; 409 when the store already has one open. */
  @Post()
  @ApiBody({ schema: openApiSchema(openCashSession) })
  open(@Ctx() ctx: RequestContext, @Body(zodPipe(openCashSession)) body: OpenCashSession) {
    return this.sessions.open(scopeFromRequest(ctx), body);
  }

  /** 200 with the closed session: expected cash, counted cash and the over (+) or short (−). */
  @Post(':id/close')
  @ApiBody({ schema: openApiSchema(closeCashSession) })
  async close(
    @Ctx() ctx: RequestContext,
    @Param('id', zodPipe(uuid())) id: string,
    @Body(zodPipe(closeCashSession)) body: CloseCashSession,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    reply.status(200);
    return this.sessions.close(scopeFromRequest(ctx), id, body);
  }

  @Get()
  async list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.sessions.list(scopeFromRequest(ctx), query);
    setContentRange(reply, 'cash-sessions', page.query, page.rows.length, page.total);
    return page.rows;
  }

  @Get(':id')
  get(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string) {
    return this.sessions.get(scopeFromRequest(ctx), id);
  }
}

@ApiTags('reports')
@Controller('api/v1/reports')
export class DailySalesController {
  constructor(
    private readonly reports: DailySalesService,
    private readonly summaries: SalesSummaryService,
  ) {}

  /** End of day for a store (or, for tenant-wide roles, the chain): the date defaults to the tenant's today. */
  @Get('daily-sales')
  dailySales(@Ctx() ctx: RequestContext, @Query(zodPipe(dailySalesQuery)) query: DailySalesQuery) {
    return this.reports.report(scopeFromRequest(ctx), query);
  }

  /** Sales per day over a range (default the last 14 days), by payment method and the top products: the dashboard's charts. */
  @Get('sales-summary')
  salesSummary(@Ctx() ctx: RequestContext, @Query(zodPipe(salesSummaryQuery)) query: SalesSummaryQuery) {
    return this.summaries.summary(scopeFromRequest(ctx), query);
  }
}
