import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { setContentRange } from '../common/list-query.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { scopeFromRequest } from '../common/tenant-scope.js';
import { openApiSchema, uuid, zodPipe } from '../common/validation.js';
import { NotificationTemplatesService } from './notification-templates.service.js';
import { NotificationsService } from './notifications.service.js';
import {
  digestRunInput,
  optOutInput,
  templateId,
  templateInput,
  type DigestRunInput,
  type OptOutInput,
  type TemplateInput,
  type TemplateKey,
} from './notifications.schemas.js';
import { OptOutsService } from './opt-outs.service.js';
import { StockDigestsService } from './stock-digests.service.js';

@ApiTags('notifications')
@Controller('api/v1/notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly digests: StockDigestsService,
  ) {}

  @Get()
  async list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.notifications.list(scopeFromRequest(ctx), query);
    setContentRange(reply, 'notifications', page.query, page.rows.length, page.total);
    return page.rows;
  }

  @Get(':id')
  get(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string) {
    return this.notifications.get(scopeFromRequest(ctx), id);
  }

  /** 202: each store's digest for the day is queued once, however often this is called. */
  @Post('digests/run')
  @HttpCode(202)
  @ApiBody({ schema: openApiSchema(digestRunInput) })
  runDigests(@Ctx() ctx: RequestContext, @Body(zodPipe(digestRunInput)) body: DigestRunInput) {
    return this.digests.run(scopeFromRequest(ctx), body);
  }
}

@ApiTags('notifications')
@Controller('api/v1/notifications/opt-outs')
export class OptOutsController {
  constructor(private readonly optOuts: OptOutsService) {}

  @Get()
  async list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.optOuts.list(scopeFromRequest(ctx), query);
    setContentRange(reply, 'opt-outs', page.query, page.rows.length, page.total);
    return page.rows;
  }

  /** 201 with the opt-out; 200 with the existing one when the number had already opted out. */
  @Post()
  @ApiBody({ schema: openApiSchema(optOutInput) })
  async create(@Ctx() ctx: RequestContext, @Body(zodPipe(optOutInput)) body: OptOutInput, @Res({ passthrough: true }) reply: FastifyReply) {
    const outcome = await this.optOuts.create(scopeFromRequest(ctx), body);
    reply.status(outcome.created ? 201 : 200);
    return outcome.optOut;
  }

  @Delete(':id')
  @HttpCode(204)
  async remove(@Ctx() ctx: RequestContext, @Param('id', zodPipe(uuid())) id: string) {
    await this.optOuts.remove(scopeFromRequest(ctx), id);
  }
}

@ApiTags('notifications')
@Controller('api/v1/notification-templates')
export class NotificationTemplatesController {
  constructor(private readonly templates: NotificationTemplatesService) {}

  @Get()
  async list(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.templates.list(scopeFromRequest(ctx), query);
    setContentRange(reply, 'notification-templates', page.query, page.rows.length, page.total);
    return page.rows;
  }

  @Get(':id')
  get(@Ctx() ctx: RequestContext, @Param('id', zodPipe(templateId)) key: TemplateKey) {
    return this.templates.get(scopeFromRequest(ctx), key);
  }

  /** Saves the chain's wording for `event:channel:language` (`sale.receipt:sms:hi`). */
  @Put(':id')
  @ApiBody({ schema: openApiSchema(templateInput) })
  save(@Ctx() ctx: RequestContext, @Param('id', zodPipe(templateId)) key: TemplateKey, @Body(zodPipe(templateInput)) body: TemplateInput) {
    return this.templates.save(scopeFromRequest(ctx), key, body);
  }

  /** 204: the chain's wording is dropped and the built-in default applies again. */
  @Delete(':id')
  @HttpCode(204)
  async revert(@Ctx() ctx: RequestContext, @Param('id', zodPipe(templateId)) key: TemplateKey) {
    await this.templates.revert(scopeFromRequest(ctx), key);
  }
}
