import { Body, Controller, Get, Headers, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { setContentRange } from '../common/list-query.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { scopeFromRequest } from '../common/tenant-scope.js';
import { openApiSchema, uuid, zodPipe } from '../common/validation.js';
import {
  idempotencyKey,
  saleInput,
  salePaymentsInput,
  voidSaleInput,
  type SaleInput,
  type SalePaymentsInput,
  type VoidSaleInput,
} from './sales.schemas.js';
import { SaleSettlementService } from './sale-settlement.service.js';
import { SalesService } from './sales.service.js';

@ApiTags('sales')
@Controller('api/v1/sales')
export class SalesController {
  constructor(
    private readonly sales: SalesService,
    private readonly settlement: SaleSettlementService,
  ) {}

  /** 201 with the new sale; a replayed Idempotency-Key answers 200 with the sale already made. */
  @Post()
  @ApiBody({ schema: openApiSchema(saleInput) })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retrying with the same key returns the same sale' })
  async create(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') rawKey: string | undefined,
    @Body(zodPipe(saleInput)) body: SaleInput,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const key = zodPipe(idempotencyKey).transform(rawKey);
    const outcome = await this.sales.create(scopeFromRequest(ctx), body, key);
    reply.status(outcome.replayed ? 200 : 201);
    if (outcome.replayed) reply.header('idempotent-replayed', 'true');
    return outcome.sale;
  }

  @Get()
  async list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.sales.list(scopeFromRequest(ctx), query);
    setContentRange(reply, 'sales', page.query, page.rows.length, page.total);
    return page.rows;
  }

  @Get(':id')
  get(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string) {
    return this.sales.get(scopeFromRequest(ctx), id);
  }

  /** Pays what a sale awaiting its gateway payment still owes, at the counter; the sale completes. */
  @Post(':id/payments')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(salePaymentsInput) })
  payAtCounter(
    @Ctx() ctx: RequestContext,
    @Param('id', zodPipe(uuid())) id: string,
    @Body(zodPipe(salePaymentsInput)) body: SalePaymentsInput,
  ) {
    return this.settlement.payAtCounter(scopeFromRequest(ctx), id, body);
  }

  /** Cancels a sale that was never paid; its stock goes back on the shelf. */
  @Post(':id/void')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(voidSaleInput) })
  void(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string, @Body(zodPipe(voidSaleInput)) body: VoidSaleInput) {
    return this.settlement.void(scopeFromRequest(ctx), id, body);
  }
}
