import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { setContentRange } from '../common/list-query.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { scopeFromRequest } from '../common/tenant-scope.js';
import { zodPipe } from '../common/validation.js';
import { REGISTER_KINDS, RegistersService } from './registers.service.js';

const registerKind = z.enum(REGISTER_KINDS, { message: `must be one of ${REGISTER_KINDS.join(', ')}` });

@ApiTags('registers')
@Controller('api/v1/registers')
export class RegistersController {
  constructor(private readonly registers: RegistersService) {}

  /** The registers the chain's country keeps: `[{id, name, schedules, retentionYears}]`. */
  @Get()
  kinds(@Ctx() ctx: RequestContext) {
    return this.registers.kinds(scopeFromRequest(ctx));
  }

  /** `?from=2026-04-01&to=2027-03-31` (inclusive) with the usual sort, range and filter. */
  @Get(':kind')
  async list(
    @Ctx() ctx: RequestContext,
    @Param('kind', zodPipe(registerKind)) kind: string,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const page = await this.registers.list(scopeFromRequest(ctx), kind, query);
    setContentRange(reply, 'registers', page.query, page.rows.length, page.total);
    return page.rows;
  }

  @Get(':kind/export.csv')
  async export(
    @Ctx() ctx: RequestContext,
    @Param('kind', zodPipe(registerKind)) kind: string,
    @Query() query: Record<string, unknown>,
    @Res() reply: FastifyReply,
  ) {
    const rows = await this.registers.exportCsv(scopeFromRequest(ctx), kind, query);
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${kind}-register.csv"`)
      .header('cache-control', 'no-store')
      .send(Readable.from(rows));
  }
}
