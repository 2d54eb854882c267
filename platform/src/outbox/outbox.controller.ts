import { Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { setContentRange } from '../common/list-query.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { scopeFromRequest } from '../common/tenant-scope.js';
import { OutboxAdminService } from './outbox-admin.service.js';

@ApiTags('outbox')
@Controller('api/v1/outbox')
export class OutboxController {
  constructor(private readonly outbox: OutboxAdminService) {}

  @Get()
  async list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.outbox.list(scopeFromRequest(ctx), query);
    setContentRange(reply, 'outbox', page.query, page.rows.length, page.total);
    return page.rows;
  }

  /** 200 with the event back in the queue; 409 when it is not parked. */
  @Post(':id/retry')
  async retry(@Ctx() ctx: RequestContext, @Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    reply.status(200);
    return this.outbox.retry(scopeFromRequest(ctx), id);
  }
}
