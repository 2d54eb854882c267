import { Body, Controller, Get, Headers, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { setContentRange } from '../common/list-query.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { scopeFromRequest } from '../common/tenant-scope.js';
import { openApiSchema, uuid, zodPipe } from '../common/validation.js';
import { SaleDocumentsService } from '../sales/sale-documents.service.js';
import { idempotencyKey } from '../sales/sales.schemas.js';
import { returnInput, type ReturnInput } from './returns.schemas.js';
import { ReturnsService } from './returns.service.js';

@ApiTags('returns')
@Controller('api/v1')
export class ReturnsController {
  constructor(
    private readonly returns: ReturnsService,
    private readonly documents: SaleDocumentsService,
  ) {}

  /** 201 with the credit note; a replayed Idempotency-Key answers 200 with the credit note already issued. */
  @Post('sales/:id/returns')
  @ApiBody({ schema: openApiSchema(returnInput) })
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Retrying with the same key returns the same credit note' })
  async create(
    @Ctx() ctx: RequestContext,
    @Param('id', zodPipe(uuid())) saleId: string,
    @Headers('idempotency-key') rawKey: string | undefined,
    @Body(zodPipe(returnInput)) body: ReturnInput,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const key = zodPipe(idempotencyKey).transform(rawKey);
    const outcome = await this.returns.create(scopeFromRequest(ctx), saleId, body, key);
    reply.status(outcome.replayed ? 200 : 201);
    if (outcome.replayed) reply.header('idempotent-replayed', 'true');
    return outcome.creditNote;
  }

  @Get('returns')
  async list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.returns.list(scopeFromRequest(ctx), query);
    setContentRange(reply, 'returns', page.query, page.rows.length, page.total);
    return page.rows;
  }

  @Get('returns/:id')
  get(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string) {
    return this.returns.get(scopeFromRequest(ctx), id);
  }

  /** The credit note as a printable A4 PDF, for whoever may read the return. */
  @Get('returns/:id/credit-note.pdf')
  @ApiProduces('application/pdf')
  async creditNote(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const scope = scopeFromRequest(ctx);
    const { fileName, pdf } = await this.documents.creditNotePdf(scope, await this.returns.record(scope, id));
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `inline; filename="${fileName}"`);
    reply.header('cache-control', 'private, no-store');
    return pdf;
  }
}
