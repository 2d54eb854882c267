import { Redis } from 'ioredis';

export const REDIS = Symbol('REDIS');

export function connectRedis(url: string, onError: (error: Error) => void): Redis {
  // Commands fail fast instead of queueing forever while Redis is down; readiness reports it.
  const redis = new Redis(url, { maxRetriesPerRequest: 2 });
  redis.on('error', onError);
  return redis;
}
