import { Controller, Get, Header, Inject, Optional, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { MikroORM } from '@mikro-orm/postgresql';
import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import { RouteKind } from '../common/route-kind.js';
import { REDIS } from '../infrastructure/redis.provider.js';
import { Metrics } from '../observability/metrics.js';
import { TemporalRuntime } from '../workflows-runtime/temporal-runtime.js';

async function probe(check: () => Promise<unknown>): Promise<'up' | 'down'> {
  try {
    await Promise.race([check(), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000))]);
    return 'up';
  } catch {
    return 'down';
  }
}

@ApiExcludeController()
@RouteKind('open')
@Controller()
export class HealthController {
  constructor(
    private readonly orm: MikroORM,
    private readonly metrics: Metrics,
    private readonly temporal: TemporalRuntime,
    @Optional() @Inject(REDIS) private readonly redis?: Redis,
  ) {}

  @Get('health/live')
  live() {
    return { status: 'ok' };
  }

  /** Ready when every dependency this process was configured with answers. */
  @Get('health/ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const checks: Record<string, 'up' | 'down'> = { database: await probe(() => this.orm.em.fork().execute('select 1')) };
    if (this.redis) checks.redis = await probe(() => this.redis!.ping());
    checks.temporal = await probe(() => this.temporal.ping());
    const ok = Object.values(checks).every((c) => c === 'up');
    reply.status(ok ? 200 : 503);
    return { status: ok ? 'ok' : 'unavailable', checks };
  }

  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4')
  metricsText() {
    return this.metrics.registry.metrics();
  }
}
