import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setContentRange } from '../../common/list-query.js';
import { Ctx, type RequestContext } from '../../common/request-context.js';
import { scopeFromRequest } from '../../common/tenant-scope.js';
import { uuid, zodPipe } from '../../common/validation.js';
import { IMPORT_MEDIA_TYPES } from './import-format.js';
import { ImportJobsService } from './import-jobs.service.js';

/** Catalogue import: the file is the raw request body (see docs/catalogue-import.md). */
@ApiTags('catalog')
@Controller('api/v1')
export class ImportsController {
  constructor(private readonly imports: ImportJobsService) {}

  @Post('products/import')
  @HttpCode(202)
  @ApiConsumes(...IMPORT_MEDIA_TYPES)
  @ApiBody({ schema: { type: 'string', description: 'The file: a header line, then one product per line (UTF-8).' } })
  start(@Ctx() ctx: RequestContext, @Req() request: FastifyRequest) {
    return this.imports.start(scopeFromRequest(ctx), request.headers['content-type'], request.body);
  }

  @Get('imports')
  async list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.imports.list(scopeFromRequest(ctx), query);
    setContentRange(reply, 'imports', page.query, page.rows.length, page.total);
    return page.rows;
  }

  @Get('imports/:id')
  get(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string) {
    return this.imports.get(scopeFromRequest(ctx), id);
  }
}
