import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { RouteKind } from '../common/route-kind.js';
import { assertCan, scopeFromRequest } from '../common/tenant-scope.js';
import { openApiSchema, zodPipe } from '../common/validation.js';
import { tenantBranding } from './tenancy.schemas.js';
import { TenantBrandingService } from './tenant-branding.service.js';

@ApiTags('settings')
@Controller('api/v1')
export class TenantBrandingController {
  constructor(private readonly branding: TenantBrandingService) {}

  /** Public so the sign-in page can wear the chain's colours before anyone signs in: name, colours and logo only. */
  @Get('branding')
  @RouteKind('tenant-public')
  get(@Ctx() ctx: RequestContext) {
    return this.branding.publicBranding(ctx.tenant!);
  }

  @Put('settings/branding')
  @ApiBody({ schema: openApiSchema(tenantBranding) })
  update(@Ctx() ctx: RequestContext, @Body(zodPipe(tenantBranding)) body: z.infer<typeof tenantBranding>) {
    const scope = scopeFromRequest(ctx);
    assertCan(scope, 'update', 'TenantSettings');
    return this.branding.update(scope, body);
  }
}
