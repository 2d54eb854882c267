import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { setContentRange } from '../common/list-query.js';
import { PublicUrl } from '../common/public-url.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { RouteKind } from '../common/route-kind.js';
import { scopeFromRequest } from '../common/tenant-scope.js';
import { rawWebhookBody, vendorHeaders } from './webhook-body-parser.js';
import { WebhookIngressService } from './webhook-ingress.service.js';
import { WebhooksAdminService } from './webhooks-admin.service.js';

/**
 * Vendors call `POST /api/v1/webhooks/:tenant/:plugin[/:token]` with no Dawa credentials: the plugin verifies each
 * delivery itself (signature, or the unguessable path token for vendors that do not sign). Staff read the inbox and
 * the refused deliveries.
 */
@ApiTags('webhooks')
@Controller('api/v1/webhooks')
export class WebhooksController {
  constructor(
    private readonly ingress: WebhookIngressService,
    private readonly admin: WebhooksAdminService,
    private readonly publicUrl: PublicUrl,
  ) {}

  @Post(':tenant/:plugin')
  @RouteKind('open')
  @HttpCode(200)
  receive(@Param('tenant') tenant: string, @Param('plugin') plugin: string, @Req() request: FastifyRequest) {
    return this.deliver(tenant, plugin, request);
  }

  /** The same, for vendors that do not sign and are given a per-tenant path token instead (M-Pesa). */
  @Post(':tenant/:plugin/:token')
  @RouteKind('open')
  @HttpCode(200)
  receiveWithToken(@Param('tenant') tenant: string, @Param('plugin') plugin: string, @Req() request: FastifyRequest) {
    return this.deliver(tenant, plugin, request);
  }

  @Get('inbox')
  async inbox(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.admin.inbox(scopeFromRequest(ctx), query);
    setContentRange(reply, 'webhook-inbox', page.query, page.rows.length, page.total);
    return page.rows;
  }

  @Get('refusals')
  async refusals(@Ctx() ctx: RequestContext, @Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.admin.refusals(scopeFromRequest(ctx), query);
    setContentRange(reply, 'webhook-refusals', page.query, page.rows.length, page.total);
    return page.rows;
  }

  private deliver(tenant: string, plugin: string, request: FastifyRequest) {
    return this.ingress.receive({
      tenantSlug: tenant,
      plugin,
      rawBody: rawWebhookBody(request),
      headers: vendorHeaders(request),
      // Exactly what the vendor called: the public address it was given, then the path and query it used.
      url: `${this.publicUrl.base()}${request.url}`,
      remoteIp: request.ip,
    });
  }
}
