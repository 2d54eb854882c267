import { Body, Controller, HttpCode, Param, Post, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { Problem } from '../common/problem.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { scopeFromRequest } from '../common/tenant-scope.js';
import { openApiSchema, uuid, zodPipe } from '../common/validation.js';
import { PrescriptionReviewService } from './prescription-review.service.js';
import {
  approveInput,
  infoProvidedInput,
  rejectInput,
  requestInfoInput,
  type ApproveInput,
  type RejectInput,
  type RequestInfoInput,
} from './prescriptions.schemas.js';
import { readUploadForm } from './upload-form.js';

/** The pharmacist's review steps on one prescription; each answers with the prescription as it now stands. */
@ApiTags('prescriptions')
@Controller('api/v1/prescriptions/:id')
export class PrescriptionReviewController {
  constructor(private readonly review: PrescriptionReviewService) {}

  @Post('claim')
  @HttpCode(200)
  claim(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string) {
    return this.review.claim(scopeFromRequest(ctx), id, actorOf(ctx));
  }

  @Post('release')
  @HttpCode(200)
  release(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string) {
    return this.review.release(scopeFromRequest(ctx), id, actorOf(ctx));
  }

  @Post('approve')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(approveInput) })
  approve(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string, @Body(zodPipe(approveInput)) body: ApproveInput) {
    return this.review.approve(scopeFromRequest(ctx), id, body, actorOf(ctx));
  }

  @Post('reject')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(rejectInput) })
  reject(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string, @Body(zodPipe(rejectInput)) body: RejectInput) {
    return this.review.reject(scopeFromRequest(ctx), id, body, actorOf(ctx));
  }

  @Post('request-info')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(requestInfoInput) })
  requestInfo(
    @Ctx() ctx: RequestContext,
    @Param('id', zodPipe(uuid())) id: string,
    @Body(zodPipe(requestInfoInput)) body: RequestInfoInput,
  ) {
    return this.review.requestInfo(scopeFromRequest(ctx), id, body, actorOf(ctx));
  }

  /** JSON `{note}`, or multipart/form-data with a `metadata` part `{note}` and/or a `file` part (another scan). */
  @Post('info-provided')
  @HttpCode(200)
  @ApiConsumes('application/json', 'multipart/form-data')
  @ApiBody({ schema: openApiSchema(infoProvidedInput) })
  infoProvided(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string, @Req() request: FastifyRequest) {
    const { fields, scan } = readUploadForm(request, infoProvidedInput);
    return this.review.infoProvided(scopeFromRequest(ctx), id, fields, scan);
  }
}

function actorOf(ctx: RequestContext) {
  if (!ctx.actor) throw Problem.forbidden('Only a pharmacist can review a prescription.', 'pharmacist-required');
  return ctx.actor;
}
