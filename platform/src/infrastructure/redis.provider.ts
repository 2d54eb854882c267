import { Redis } from 'ioredis';

export const REDIS = Symbol('REDIS');

export function connectRedis(url: string): Redis {
  // Commands fail fast instead of queueing forever while Redis is down; readiness reports it.
  return new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
}
