import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Redis } from 'ioredis';
import type { DestinationStream, Logger } from 'pino';
import { AppModule } from '../app.module.js';
import { buildConfig, type PlatformConfig } from '../config/config.js';
import { parseEnv } from '../config/env.js';
import { migrateSchema } from '../database/migrations/migration-runner.js';
import { publicMigrations } from '../database/migrations/index.js';
import { createOrm } from '../database/orm.js';
import { OperatorAuthService } from '../identity/operator-auth.service.js';
import { connectRedis } from '../infrastructure/redis.provider.js';
import { Metrics } from '../observability/metrics.js';
import { createLogger, NestPinoLogger } from './logger.js';
import { serveConsole } from './console-static.js';
import { configureHttp, requestId } from './http-pipeline.js';
import { resolveDatabase, type DatabaseTarget } from './database.js';

export interface Platform {
  app: NestFastifyApplication;
  orm: MikroORM;
  config: PlatformConfig;
  logger: Logger;
  /** Listens on HOST:PORT (or the given port) and returns the base URL. */
  listen(port?: number): Promise<string>;
  close(): Promise<void>;
}

export interface PlatformOptions {
  /** Environment to read instead of process.env (tests pass their own). */
  env?: NodeJS.ProcessEnv;
  /** Where JSON log lines go; stdout by default. */
  logDestination?: DestinationStream;
}

/**
 * Builds the whole API: validated configuration → database (embedded when DATABASE_URL is unset) → public-schema
 * migrations → Nest on Fastify → first operator. Nothing listens until `listen` is called.
 */
export async function createPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const env = parseEnv(options.env ?? process.env);
  const logger = createLogger(env.LOG_LEVEL, options.logDestination);
  const database: DatabaseTarget = await resolveDatabase(env, (line) => logger.debug({ component: 'postgres' }, line));
  const config = buildConfig(env, database.url);
  const orm = await createOrm(database.url, env.DATABASE_POOL_MAX);
  let redis: Redis | undefined;
  try {
    await migrateSchema(orm.em.fork(), 'public', publicMigrations);
    redis = env.REDIS_URL
      ? connectRedis(env.REDIS_URL, (error) => logger.warn({ err: error.message }, 'Redis connection error'))
      : undefined;
    const metrics = new Metrics();
    const adapter = new FastifyAdapter({
      loggerInstance: logger,
      bodyLimit: env.DAWA_BODY_LIMIT_BYTES,
      // Signed file links carry their grant in the path (`/api/v1/files/:token`), object key included.
      routerOptions: { maxParamLength: 4096 },
      trustProxy: env.DAWA_TRUST_PROXY,
      genReqId: (request: { headers: Record<string, string | string[] | undefined> }) => requestId(request.headers['x-request-id']),
    });
    const app = await NestFactory.create<NestFastifyApplication>(AppModule.register({ config, orm, redis, metrics, logger }), adapter, {
      logger: new NestPinoLogger(logger),
      abortOnError: false,
    });
    configureHttp(app, env, metrics);
    if (env.DAWA_CONSOLE_DIR) await serveConsole(app, env.DAWA_CONSOLE_DIR);
    await app.init();
    await app.get(OperatorAuthService).ensureBootstrapOperator();
    return {
      app,
      orm,
      config,
      logger,
      async listen(port = env.PORT) {
        await app.listen({ port, host: env.HOST });
        const address = app.getHttpServer().address();
        const actualPort = typeof address === 'object' && address ? address.port : port;
        return `http://${env.HOST}:${actualPort}`;
      },
      async close() {
        await app.close();
        await orm.close();
        redis?.disconnect();
        await database.embedded?.stop();
      },
    };
  } catch (error) {
    await orm.close();
    redis?.disconnect();
    await database.embedded?.stop();
    throw error;
  }
}
