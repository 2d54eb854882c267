import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setContentRange } from '../common/list-query.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { scopeFromRequest } from '../common/tenant-scope.js';
import { openApiSchema, uuid, zodPipe } from '../common/validation.js';
import { PrescriptionImagesService } from './prescription-images.service.js';
import { PrescriptionQueueService } from './prescription-queue.service.js';
import { prescriptionInput, uploadMetadata, type PrescriptionInput } from './prescriptions.schemas.js';
import { PrescriptionsService } from './prescriptions.service.js';
import { readUploadForm } from './upload-form.js';

/** Recording prescriptions (typed in, or uploaded as a scan), reading them, the review queue, and their images. */
@ApiTags('prescriptions')
@Controller('api/v1/prescriptions')
export class PrescriptionsController {
  constructor(
    private readonly prescriptions: PrescriptionsService,
    private readonly queue: PrescriptionQueueService,
    private readonly images: PrescriptionImagesService,
  ) {}

  @Post()
  @ApiBody({ schema: openApiSchema(prescriptionInput) })
  create(@Ctx() ctx: RequestContext, @Body(zodPipe(prescriptionInput)) body: PrescriptionInput) {
    return this.prescriptions.create(scopeFromRequest(ctx), body);
  }

  /** multipart/form-data (`metadata` JSON + `file`), or JSON metadata alone for a structured entry. */
  @Post('uploads')
  @ApiConsumes('multipart/form-data', 'application/json')
  @ApiBody({ schema: openApiSchema(uploadMetadata) })
  upload(@Ctx() ctx: RequestContext, @Req() request: FastifyRequest) {
    const { fields, scan } = readUploadForm(request, uploadMetadata);
    return this.prescriptions.upload(scopeFromRequest(ctx), fields, scan);
  }

  @Get()
  async list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.prescriptions.list(scopeFromRequest(ctx), query);
    setContentRange(reply, 'prescriptions', page.query, page.rows.length, page.total);
    return page.rows;
  }

  @Get('queue')
  async pharmacistQueue(
    @Ctx() ctx: RequestContext,
    @Query() query: Record<string, unknown>,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const page = await this.queue.queue(scopeFromRequest(ctx), query);
    setContentRange(reply, 'prescriptions', page.query, page.rows.length, page.total);
    return page.rows;
  }

  @Get(':id')
  get(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string) {
    return this.prescriptions.get(scopeFromRequest(ctx), id);
  }

  /** A short-lived signed link to a scan (the first, or `?imageId=`); every call is audited. */
  @Get(':id/image')
  image(
    @Ctx() ctx: RequestContext,
    @Param('id', zodPipe(uuid())) id: string,
    @Query('imageId', zodPipe(uuid().optional())) imageId?: string,
  ) {
    return this.images.link(scopeFromRequest(ctx), id, imageId);
  }
}
