import { Body, Delete, Get, Param, Post, Put, Query, Res, type Type } from '@nestjs/common';
import { ApiBody } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { setContentRange, type ListQuery } from './list-query.js';
import { Ctx, type RequestContext } from './request-context.js';
import { scopeFromRequest, type TenantScope } from './tenant-scope.js';
import { openApiSchema, uuid, zodPipe } from './validation.js';

/** What a tenant resource's service offers for the five react-admin operations. */
export interface CrudService<Input, Update> {
  list(scope: TenantScope, query: Record<string, unknown>): Promise<{ query: ListQuery; rows: unknown[]; total: number }>;
  get(scope: TenantScope, id: string): Promise<unknown>;
  create(scope: TenantScope, input: Input): Promise<unknown>;
  update(scope: TenantScope, id: string, input: Update): Promise<unknown>;
  remove(scope: TenantScope, id: string): Promise<unknown>;
}

/**
 * The routes react-admin's simple REST provider calls (list, getOne, create, update, delete) for one resource.
 * A resource's controller extends this with its path and schemas; access rules and business rules stay in its
 * service, so the controller stays a thin parse-and-delegate layer.
 */
export function CrudController<I extends z.ZodType, U extends z.ZodType>(options: { resource: string; input: I; update: U }) {
  type Input = z.infer<I>;
  type Update = z.infer<U>;

  class ResourceController {
    constructor(readonly service: CrudService<Input, Update>) {}

    @Get()
    async list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
      const page = await this.service.list(scopeFromRequest(ctx), query);
      setContentRange(reply, options.resource, page.query, page.rows.length, page.total);
      return page.rows;
    }

    @Post()
    @ApiBody({ schema: openApiSchema(options.input) })
    create(@Ctx() ctx: RequestContext, @Body(zodPipe(options.input)) body: Input) {
      return this.service.create(scopeFromRequest(ctx), body);
    }

    @Get(':id')
    get(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string) {
      return this.service.get(scopeFromRequest(ctx), id);
    }

    @Put(':id')
    @ApiBody({ schema: openApiSchema(options.update) })
    update(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string, @Body(zodPipe(options.update)) body: Update) {
      return this.service.update(scopeFromRequest(ctx), id, body);
    }

    @Delete(':id')
    remove(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string) {
      return this.service.remove(scopeFromRequest(ctx), id);
    }
  }
  return ResourceController as Type<ResourceController>;
}
