import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { setContentRange } from '../common/list-query.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { scopeFromRequest } from '../common/tenant-scope.js';
import { AuditQueryService } from './audit-query.service.js';

@ApiTags('audit')
@Controller('api/v1/audit-logs')
export class AuditController {
  constructor(private readonly audit: AuditQueryService) {}

  @Get()
  async list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.audit.list(scopeFromRequest(ctx), query);
    setContentRange(reply, 'audit-logs', page.query, page.rows.length, page.total);
    return page.rows;
  }

  @Get('verify')
  verify(@Ctx() ctx: RequestContext) {
    return this.audit.verify(scopeFromRequest(ctx));
  }
}
