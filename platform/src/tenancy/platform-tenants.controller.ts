import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { setContentRange } from '../common/list-query.js';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { RouteKind } from '../common/route-kind.js';
import { openApiSchema, text, uuid, zodPipe } from '../common/validation.js';
import { ProvisioningService } from './provisioning/provisioning.service.js';
import { provisionTenantInput, retryProvisioningInput, type ProvisionTenantInput, type RetryProvisioningInput } from './tenancy.schemas.js';
import { tenantView } from './tenant-ref.js';
import { TenantHealthService } from './tenant-health.service.js';
import { TenantsService } from './tenants.service.js';

const statusChange = z.strictObject({ reason: text(500).optional() });

@ApiTags('platform')
@RouteKind('platform')
@Controller('api/v1/platform/tenants')
export class PlatformTenantsController {
  constructor(
    private readonly tenants: TenantsService,
    private readonly provisioning: ProvisioningService,
    private readonly tenantHealth: TenantHealthService,
  ) {}

  /** 202: the tenant is registered (status `provisioning`) and its provisioning workflow runs; Location is its progress. */
  @Post()
  @HttpCode(202)
  @ApiBody({ schema: openApiSchema(provisionTenantInput) })
  async provision(
    @Ctx() ctx: RequestContext,
    @Body(zodPipe(provisionTenantInput)) body: ProvisionTenantInput,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const tenant = await this.provisioning.start(body, { type: 'operator', id: ctx.operator!.id, label: ctx.operator!.email });
    reply.header('location', `/api/v1/platform/tenants/${tenant.id}/provisioning`);
    return tenantView(tenant);
  }

  /** Migrations, plugins (names and states, never configuration), stores and active staff of one chain. */
  @Get(':id/health')
  health(@Param('id', zodPipe(uuid())) id: string) {
    return this.tenantHealth.health(id);
  }

  @Get(':id/provisioning')
  provisioningProgress(@Param('id', zodPipe(uuid())) id: string) {
    return this.provisioning.progress(id);
  }

  /** Resumes a provisioning whose step failed, once its cause is fixed (or with corrected plugin settings). */
  @Post(':id/provisioning/retry')
  @HttpCode(202)
  @ApiBody({ schema: openApiSchema(retryProvisioningInput), required: false })
  retryProvisioning(
    @Ctx() ctx: RequestContext,
    @Param('id', zodPipe(uuid())) id: string,
    @Body(zodPipe(retryProvisioningInput)) body: RetryProvisioningInput,
  ) {
    return this.provisioning.retry(id, { type: 'operator', id: ctx.operator!.id, label: ctx.operator!.email }, body);
  }

  @Get()
  async list(@Query() query: Record<string, unknown>, @Res({ passthrough: true }) reply: FastifyReply) {
    const page = await this.tenants.list(query);
    setContentRange(reply, 'tenants', page.query, page.rows.length, page.total);
    return page.rows;
  }

  @Get(':id')
  get(@Param('id', zodPipe(uuid())) id: string) {
    return this.tenants.get(id);
  }

  @Post(':id/suspend')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(statusChange), required: false })
  suspend(
    @Ctx() ctx: RequestContext,
    @Param('id', zodPipe(uuid())) id: string,
    @Body(zodPipe(statusChange)) body: z.infer<typeof statusChange>,
  ) {
    return this.tenants.setStatus(id, 'suspended', { type: 'operator', id: ctx.operator!.id, label: ctx.operator!.email }, body.reason);
  }

  @Post(':id/resume')
  @HttpCode(200)
  @ApiBody({ schema: openApiSchema(statusChange), required: false })
  resume(
    @Ctx() ctx: RequestContext,
    @Param('id', zodPipe(uuid())) id: string,
    @Body(zodPipe(statusChange)) body: z.infer<typeof statusChange>,
  ) {
    return this.tenants.setStatus(id, 'active', { type: 'operator', id: ctx.operator!.id, label: ctx.operator!.email }, body.reason);
  }
}
