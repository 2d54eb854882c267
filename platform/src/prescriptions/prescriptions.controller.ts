import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { setContentRange } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { scopeFromRequest } from '../common/tenant-scope.js';
import { openApiSchema, uuid, zodPipe } from '../common/validation.js';
import { approveInput, prescriptionInput, rejectInput, type PrescriptionInput, type RejectInput } from './prescriptions.schemas.js';
import { PrescriptionsService } from './prescriptions.service.js';

@ApiTags('prescriptions')
@Controller('api/v1/prescriptions')
export class PrescriptionsController {
  constructor(private readonly prescriptions: PrescriptionsService) {}

  @Post()
  @ApiBody({ schema: openApiSchema(prescriptionInput) })
  create(@Ctx() ctx: RequestContext, @Body(zodPipe(prescriptionInput)) body: PrescriptionInput) {
    return this.prescriptions.create(scopeFromRequest(ctx), body);
  }

  @Get()
  async list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.prescriptions.list(scopeFromRequest(ctx), query);
    setContentRange(reply, 'prescriptions', page.query, page.rows.length, page.total);
    return page.rows;
  }

  @Get(':id')
  get(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string) {
    return this.prescriptions.get(scopeFromRequest(ctx), id);
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(approveInput) })
  approve(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string, @Body(zodPipe(approveInput)) _body: unknown) {
    return this.prescriptions.approve(scopeFromRequest(ctx), id, actorOf(ctx));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(rejectInput) })
  reject(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string, @Body(zodPipe(rejectInput)) body: RejectInput) {
    return this.prescriptions.reject(scopeFromRequest(ctx), id, body, actorOf(ctx));
  }
}

function actorOf(ctx: RequestContext) {
  if (!ctx.actor) throw Problem.forbidden('Only a pharmacist can review a prescription.', 'pharmacist-required');
  return ctx.actor;
}
