import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Ctx, type RequestContext } from '../common/request-context.js';
import { RouteKind } from '../common/route-kind.js';
import { email, openApiSchema, zodPipe } from '../common/validation.js';
import { AuthRateLimit } from './auth-rate-limit.js';
import { refreshInput } from './auth.schemas.js';
import { OperatorAuthService } from './operator-auth.service.js';

const operatorLogin = z.strictObject({ email: email(), password: z.string().min(1, 'is required').max(200) });

@ApiTags('platform')
@Controller('api/v1/platform/auth')
export class PlatformAuthController {
  constructor(
    private readonly auth: OperatorAuthService,
    private readonly rateLimit: AuthRateLimit,
  ) {}

  @Post('login')
  @HttpCode(200)
  @RouteKind('platform-public')
  @ApiBody({ schema: openApiSchema(operatorLogin) })
  async login(@Ctx() ctx: RequestContext, @Body(zodPipe(operatorLogin)) body: z.infer<typeof operatorLogin>) {
    await this.rateLimit.check('platform-login', ctx.ip);
    return this.auth.login(body.email, body.password, { ip: ctx.ip, userAgent: ctx.userAgent });
  }

  @Post('refresh')
  @HttpCode(200)
  @RouteKind('platform-public')
  @ApiBody({ schema: openApiSchema(refreshInput) })
  async refresh(@Ctx() ctx: RequestContext, @Body(zodPipe(refreshInput)) body: z.infer<typeof refreshInput>) {
    await this.rateLimit.check('platform-refresh', ctx.ip);
    return this.auth.refresh(body.refreshToken);
  }

  @Post('logout')
  @HttpCode(204)
  @RouteKind('platform')
  async logout(@Ctx() ctx: RequestContext) {
    await this.auth.logout(ctx.sessionId!);
  }

  @Get('me')
  @RouteKind('platform')
  me(@Ctx() ctx: RequestContext) {
    return ctx.operator;
  }
}
