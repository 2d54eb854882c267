import { Inject, Injectable } from '@nestjs/common';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config/config.js';
import { Problem } from '../common/problem.js';
import type { RateLimiter } from './rate-limiter.js';

export const RATE_LIMITER = Symbol('RATE_LIMITER');

/** Limits sign-in and refresh attempts per client address, across tenants. */
@Injectable()
export class AuthRateLimit {
  constructor(
    @Inject(RATE_LIMITER) private readonly limiter: RateLimiter,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  async check(route: string, ip: string): Promise<void> {
    const decision = await this.limiter.hit(
      `auth:${route}:${ip}`,
      this.config.env.DAWA_AUTH_RATE_LIMIT,
      this.config.env.DAWA_AUTH_RATE_WINDOW_SECONDS,
    );
    if (!decision.allowed) throw Problem.tooManyRequests(decision.retryAfterSeconds);
  }
}
