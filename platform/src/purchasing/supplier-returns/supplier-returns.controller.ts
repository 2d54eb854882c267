import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { setContentRange } from '../../common/list-query.js';
import { Ctx, type RequestContext } from '../../common/request-context.js';
import { scopeFromRequest } from '../../common/tenant-scope.js';
import { openApiSchema, uuid, zodPipe } from '../../common/validation.js';
import { idempotencyKey } from '../../sales/sales.schemas.js';
import { creditSettlementInput, supplierReturnInput, type CreditSettlementInput, type SupplierReturnInput } from '../purchasing.schemas.js';
import { SupplierReturnsService } from './supplier-returns.service.js';

@ApiTags('purchasing')
@Controller('api/v1/supplier-returns')
export class SupplierReturnsController {
  constructor(private readonly returns: SupplierReturnsService) {}

  @Get()
  async list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.returns.list(scopeFromRequest(ctx), query);
    setContentRange(reply, 'supplier-returns', page.query, page.rows.length, page.total);
    return page.rows;
  }

  /** 201 with the return and its expected credit; a replayed Idempotency-Key answers 200 with the same return. */
  @Post()
  @ApiBody({ schema: openApiSchema(supplierReturnInput) })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retrying with the same key returns the same return' })
  async create(
    @Ctx() ctx: RequestContext,
    @Headers('idempotency-key') rawKey: string | undefined,
    @Body(zodPipe(supplierReturnInput)) body: SupplierReturnInput,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const key = zodPipe(idempotencyKey).transform(rawKey);
    const outcome = await this.returns.create(scopeFromRequest(ctx), body, key);
    reply.status(outcome.replayed ? 200 : 201);
    if (outcome.replayed) reply.header('idempotent-replayed', 'true');
    return outcome.supplierReturn;
  }

  @Get(':id')
  get(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string) {
    return this.returns.get(scopeFromRequest(ctx), id);
  }

  /** Records a credit note the supplier issued against the return. */
  @Post(':id/settlements')
  @ApiBody({ schema: openApiSchema(creditSettlementInput) })
  settle(
    @Ctx() ctx: RequestContext,
    @Param('id', zodPipe(uuid())) id: string,
    @Body(zodPipe(creditSettlementInput)) body: CreditSettlementInput,
  ) {
    return this.returns.settle(scopeFromRequest(ctx), id, body);
  }
}
