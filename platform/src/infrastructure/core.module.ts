import { Global, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { AuditService } from '../audit/audit.service.js';
import { PublicUrl } from '../common/public-url.js';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config/config.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import { RATE_LIMITER } from '../identity/auth-rate-limit.js';
import { MemoryRateLimiter, RedisRateLimiter } from '../identity/rate-limiter.js';
import { Metrics } from '../observability/metrics.js';
import { TemporalRuntime } from '../workflows-runtime/temporal-runtime.js';
import { PLATFORM_LOGGER } from './logger.provider.js';
import { REDIS } from './redis.provider.js';

export interface CoreDependencies {
  config: PlatformConfig;
  orm: MikroORM;
  redis?: Redis;
  metrics: Metrics;
  logger: Logger;
  temporal: TemporalRuntime;
}

/** Process-wide infrastructure every domain module may inject: configuration, database, Redis, Temporal, crypto, audit, public URL. */
@Global()
@Module({})
export class CoreModule {
  static register(deps: CoreDependencies): DynamicModule {
    const providers: Provider[] = [
      { provide: PLATFORM_CONFIG, useValue: deps.config },
      { provide: MikroORM, useValue: deps.orm },
      { provide: Metrics, useValue: deps.metrics },
      { provide: PLATFORM_LOGGER, useValue: deps.logger },
      { provide: TemporalRuntime, useValue: deps.temporal },
      { provide: FieldCipher, useValue: new FieldCipher(deps.config.encryptionKey) },
      {
        provide: RATE_LIMITER,
        useValue: deps.redis ? new RedisRateLimiter(deps.redis, deps.config.env.DAWA_REDIS_KEY_PREFIX) : new MemoryRateLimiter(),
      },
      AuditService,
      PublicUrl,
    ];
    if (deps.redis) providers.push({ provide: REDIS, useValue: deps.redis });
    return { module: CoreModule, providers, exports: providers.map((p) => ('provide' in p ? p.provide : p)) };
  }
}
