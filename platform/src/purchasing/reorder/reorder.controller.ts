import { Body, Controller, Get, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Ctx, type RequestContext } from '../../common/request-context.js';
import { scopeFromRequest } from '../../common/tenant-scope.js';
import { openApiSchema, zodPipe } from '../../common/validation.js';
import {
  reorderQuery,
  reorderRunInput,
  reorderScheduleInput,
  reorderSettingInput,
  type ReorderRunInput,
  type ReorderScheduleInput,
  type ReorderSettingInput,
} from '../purchasing.schemas.js';
import { ReorderScheduleService } from './reorder-schedule.service.js';
import { ReorderService } from './reorder.service.js';

@ApiTags('purchasing')
@Controller('api/v1')
export class ReorderController {
  constructor(
    private readonly reorder: ReorderService,
    private readonly schedule: ReorderScheduleService,
  ) {}

  @Get('purchase-orders/reorder-suggestions')
  suggestions(@Ctx() ctx: RequestContext, @Query(zodPipe(reorderQuery)) query: z.infer<typeof reorderQuery>) {
    return this.reorder.suggestions(scopeFromRequest(ctx), query.storeId);
  }

  /** Drafts today's (or the given day's) reorder purchase orders of a store; running it again drafts nothing new. */
  @Post('purchase-orders/reorder-suggestions/run')
  @ApiBody({ schema: openApiSchema(reorderRunInput) })
  run(@Ctx() ctx: RequestContext, @Body(zodPipe(reorderRunInput)) body: ReorderRunInput) {
    return this.reorder.draftReorderPurchaseOrders(scopeFromRequest(ctx), body.storeId, body.date);
  }

  @Put('reorder-settings')
  @ApiBody({ schema: openApiSchema(reorderSettingInput) })
  setLevels(@Ctx() ctx: RequestContext, @Body(zodPipe(reorderSettingInput)) body: ReorderSettingInput) {
    return this.reorder.setLevels(scopeFromRequest(ctx), body);
  }

  @Get('purchase-orders/reorder-schedule')
  getSchedule(@Ctx() ctx: RequestContext) {
    return this.schedule.get(scopeFromRequest(ctx));
  }

  /** Turns the chain's nightly reorder run (a Temporal schedule) on at an hour of its time zone, or off. */
  @Put('purchase-orders/reorder-schedule')
  @ApiBody({ schema: openApiSchema(reorderScheduleInput) })
  setSchedule(@Ctx() ctx: RequestContext, @Body(zodPipe(reorderScheduleInput)) body: ReorderScheduleInput) {
    return this.schedule.set(scopeFromRequest(ctx), body);
  }
}
