import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { scopeFromRequest } from '../common/tenant-scope.js';
import { uuid, zodPipe } from '../common/validation.js';
import { SaleDocumentsService } from './sale-documents.service.js';

@ApiTags('sales')
@Controller('api/v1/sales')
export class SaleDocumentsController {
  constructor(private readonly documents: SaleDocumentsService) {}

  /** The sale's tax invoice as a printable A4 PDF, built from the quote stored with the sale. */
  @Get(':id/invoice.pdf')
  @ApiProduces('application/pdf')
  async invoice(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const { fileName, pdf } = await this.documents.invoicePdf(scopeFromRequest(ctx), id);
    reply.header('content-type', 'application/pdf');
    reply.header('content-disposition', `inline; filename="${fileName}"`);
    reply.header('cache-control', 'private, no-store');
    return pdf;
  }
}
