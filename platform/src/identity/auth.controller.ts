import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import type { z } from 'zod';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { AllowWhileMfaPending, RouteKind } from '../common/route-kind.js';
import { scopeFromRequest } from '../common/tenant-scope.js';
import { openApiSchema, zodPipe } from '../common/validation.js';
import { AuthRateLimit } from './auth-rate-limit.js';
import { changePasswordInput, loginInput, refreshInput, totpCodeInput } from './auth.schemas.js';
import { TenantAuthService } from './tenant-auth.service.js';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: TenantAuthService,
    private readonly rateLimit: AuthRateLimit,
  ) {}

  @Post('login')
  @HttpCode(200)
  @RouteKind('tenant-public')
  @ApiBody({ schema: openApiSchema(loginInput) })
  async login(@Ctx() ctx: RequestContext, @Body(zodPipe(loginInput)) body: z.infer<typeof loginInput>) {
    await this.rateLimit.check('login', ctx.ip);
    return this.auth.login(ctx.tenant!, body, { ip: ctx.ip, userAgent: ctx.userAgent, requestId: ctx.requestId });
  }

  @Post('refresh')
  @HttpCode(200)
  @RouteKind('tenant-public')
  @ApiBody({ schema: openApiSchema(refreshInput) })
  async refresh(@Ctx() ctx: RequestContext, @Body(zodPipe(refreshInput)) body: z.infer<typeof refreshInput>) {
    await this.rateLimit.check('refresh', ctx.ip);
    return this.auth.refresh(ctx.tenant!, body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @AllowWhileMfaPending()
  async logout(@Ctx() ctx: RequestContext) {
    await this.auth.logout(scopeFromRequest(ctx), ctx.sessionId!);
  }

  @Get('me')
  @AllowWhileMfaPending()
  me(@Ctx() ctx: RequestContext) {
    return {
      ...ctx.actor,
      mfaEnrolmentRequired: ctx.mfaPending ?? false,
      tenant: {
        id: ctx.tenant!.id,
        slug: ctx.tenant!.slug,
        name: ctx.tenant!.name,
        country: ctx.tenant!.country,
        currency: ctx.tenant!.currency,
        timezone: ctx.tenant!.timezone,
      },
      permissions: ctx.ability!.rules.map((rule) => ({
        action: rule.action,
        subject: rule.subject,
        conditions: rule.conditions,
        inverted: rule.inverted ?? false,
      })),
    };
  }

  @Post('password')
  @HttpCode(204)
  @ApiBody({ schema: openApiSchema(changePasswordInput) })
  async changePassword(@Ctx() ctx: RequestContext, @Body(zodPipe(changePasswordInput)) body: z.infer<typeof changePasswordInput>) {
    await this.auth.changePassword(scopeFromRequest(ctx), ctx.sessionId!, body.currentPassword, body.newPassword);
  }

  @Post('mfa/enrol')
  @HttpCode(200)
  @AllowWhileMfaPending()
  async enrolMfa(@Ctx() ctx: RequestContext) {
    return this.auth.enrolMfa(scopeFromRequest(ctx));
  }

  @Post('mfa/verify')
  @HttpCode(200)
  @AllowWhileMfaPending()
  @ApiBody({ schema: openApiSchema(totpCodeInput) })
  async verifyMfa(@Ctx() ctx: RequestContext, @Body(zodPipe(totpCodeInput)) body: z.infer<typeof totpCodeInput>) {
    return this.auth.verifyMfa(scopeFromRequest(ctx), body.code);
  }
}
