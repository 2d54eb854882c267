import { Body, Controller, Delete, Get, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { setContentRange } from '../common/list-query.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { scopeFromRequest } from '../common/tenant-scope.js';
import { openApiSchema, uuid, zodPipe } from '../common/validation.js';
import { userInput, userUpdate, type UserInput, type UserUpdate } from './users.schemas.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  async list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.users.list(scopeFromRequest(ctx), query);
    setContentRange(reply, 'users', page.query, page.rows.length, page.total);
    return page.rows;
  }

  @Post()
  @ApiBody({ schema: openApiSchema(userInput) })
  create(@Ctx() ctx: RequestContext, @Body(zodPipe(userInput)) body: UserInput) {
    return this.users.create(scopeFromRequest(ctx), body);
  }

  @Get(':id')
  get(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string) {
    return this.users.get(scopeFromRequest(ctx), id);
  }

  @Put(':id')
  @ApiBody({ schema: openApiSchema(userUpdate) })
  update(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string, @Body(zodPipe(userUpdate)) body: UserUpdate) {
    return this.users.update(scopeFromRequest(ctx), id, body);
  }

  @Delete(':id')
  remove(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string) {
    return this.users.remove(scopeFromRequest(ctx), id);
  }
}
