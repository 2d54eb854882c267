import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { assertCan, scopeFromRequest } from '../common/tenant-scope.js';
import { openApiSchema, zodPipe } from '../common/validation.js';
import { tenantSettings } from './tenancy.schemas.js';
import type { TenantSettings } from './tenant.entity.js';
import { TenantsService } from './tenants.service.js';

@ApiTags('settings')
@Controller('api/v1/settings')
export class TenantSettingsController {
  constructor(private readonly tenants: TenantsService) {}

  @Get()
  get(@Ctx() ctx: RequestContext) {
    assertCan(scopeFromRequest(ctx), 'read', 'TenantSettings');
    return ctx.tenant!.settings;
  }

  @Put()
  @ApiBody({ schema: openApiSchema(tenantSettings) })
  update(@Ctx() ctx: RequestContext, @Body(zodPipe(tenantSettings)) body: TenantSettings) {
    const scope = scopeFromRequest(ctx);
    assertCan(scope, 'update', 'TenantSettings');
    return this.tenants.updateSettings(scope, body);
  }
}
