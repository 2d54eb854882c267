import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TenancyModule } from '../tenancy/tenancy.module.js';
import { AccessTokens } from './access-tokens.js';
import { AuthRateLimit } from './auth-rate-limit.js';
import { AuthController } from './auth.controller.js';
import { OperatorAuthService } from './operator-auth.service.js';
import { PlatformAuthController } from './platform-auth.controller.js';
import { RequestGuard } from './request.guard.js';
import { TenantAuthService } from './tenant-auth.service.js';

@Module({
  imports: [TenancyModule],
  controllers: [AuthController, PlatformAuthController],
  providers: [AccessTokens, AuthRateLimit, TenantAuthService, OperatorAuthService, { provide: APP_GUARD, useClass: RequestGuard }],
  exports: [OperatorAuthService],
})
export class IdentityModule {}
