import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { setContentRange } from '../common/list-query.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { scopeFromRequest } from '../common/tenant-scope.js';
import { openApiSchema, uuid, zodPipe } from '../common/validation.js';
import { transferInput, transferReceiptInput, type TransferInput, type TransferReceiptInput } from './inventory.schemas.js';
import { TransfersService } from './transfers.service.js';

@ApiTags('stock')
@Controller('api/v1/stock/transfers')
export class TransfersController {
  constructor(private readonly transfers: TransfersService) {}

  @Post()
  @ApiBody({ schema: openApiSchema(transferInput) })
  send(@Ctx() ctx: RequestContext, @Body(zodPipe(transferInput)) body: TransferInput) {
    return this.transfers.send(scopeFromRequest(ctx), body);
  }

  @Get()
  async list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.transfers.list(scopeFromRequest(ctx), query);
    setContentRange(reply, 'transfers', page.query, page.rows.length, page.total);
    return page.rows;
  }

  @Get(':id')
  get(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string) {
    return this.transfers.get(scopeFromRequest(ctx), id);
  }

  @Post(':id/receive')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(transferReceiptInput) })
  receive(
    @Ctx() ctx: RequestContext,
    @Param('id', zodPipe(uuid())) id: string,
    @Body(zodPipe(transferReceiptInput)) body: TransferReceiptInput,
  ) {
    return this.transfers.receive(scopeFromRequest(ctx), id, body);
  }
}
