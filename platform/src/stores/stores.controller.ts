import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { setContentRange } from '../common/list-query.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { scopeFromRequest } from '../common/tenant-scope.js';
import { openApiSchema, uuid, zodPipe } from '../common/validation.js';
import { storeInput, storeUpdate, type StoreInput, type StoreUpdate } from './stores.schemas.js';
import { StoresService } from './stores.service.js';

@ApiTags('stores')
@Controller('api/v1/stores')
export class StoresController {
  constructor(private readonly stores: StoresService) {}

  @Get()
  async list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.stores.list(scopeFromRequest(ctx), query);
    setContentRange(reply, 'stores', page.query, page.rows.length, page.total);
    return page.rows;
  }

  @Post()
  @ApiBody({ schema: openApiSchema(storeInput) })
  create(@Ctx() ctx: RequestContext, @Body(zodPipe(storeInput)) body: StoreInput) {
    return this.stores.create(scopeFromRequest(ctx), body);
  }

  @Get(':id')
  get(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string) {
    return this.stores.get(scopeFromRequest(ctx), id);
  }

  @Put(':id')
  @ApiBody({ schema: openApiSchema(storeUpdate) })
  update(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string, @Body(zodPipe(storeUpdate)) body: StoreUpdate) {
    return this.stores.update(scopeFromRequest(ctx), id, body);
  }

  @Delete(':id')
  remove(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string) {
    return this.stores.remove(scopeFromRequest(ctx), id);
  }
}
