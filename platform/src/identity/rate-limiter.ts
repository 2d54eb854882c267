import type { Redis } from 'ioredis';

export interface RateDecision {
  allowed: boolean;
  retryAfterSeconds: number;
}

/** Fixed-window counters for abuse-prone routes (sign-in, refresh). */
export interface RateLimiter {
  hit(key: string, limit: number, windowSeconds: number): Promise<RateDecision>;
}

/** Shared by every API process, so the limit holds however many processes serve the route. */
export class RedisRateLimiter implements RateLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  async hit(key: string, limit: number, windowSeconds: number): Promise<RateDecision> {
    const window = Math.floor(Date.now() / 1000 / windowSeconds);
    const redisKey = `${this.prefix}:rl:${key}:${window}`;
    const results = await this.redis
      .multi()
      .incr(redisKey)
      .expire(redisKey, windowSeconds + 1)
      .exec();
    const count = Number(results?.[0]?.[1] ?? 0);
    const retryAfterSeconds = (window + 1) * windowSeconds - Math.floor(Date.now() / 1000);
    return { allowed: count <= limit, retryAfterSeconds: Math.max(1, retryAfterSeconds) };
  }
}

/** For a single process without Redis (the embedded `npm start` default). */
export class MemoryRateLimiter implements RateLimiter {
  private readonly counters = new Map<string, { window: number; count: number }>();

  async hit(key: string, limit: number, windowSeconds: number): Promise<RateDecision> {
    const window = Math.floor(Date.now() / 1000 / windowSeconds);
    const current = this.counters.get(key);
    const entry = current && current.window === window ? current : { window, count: 0 };
    entry.count++;
    this.counters.set(key, entry);
    if (this.counters.size > 50_000) this.evictOld(window);
    return { allowed: entry.count <= limit, retryAfterSeconds: Math.max(1, (window + 1) * windowSeconds - Math.floor(Date.now() / 1000)) };
  }

  private evictOld(window: number): void {
    for (const [key, entry] of this.counters) if (entry.window < window) this.counters.delete(key);
  }
}
