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
import { platformActivities } from '../workflows-runtime/platform-activities.js';
import { resolveTemporal, type TemporalTarget } from '../workflows-runtime/temporal-target.js';
import { TemporalRuntime } from '../workflows-runtime/temporal-runtime.js';
import { startWorkflowRecovery, type WorkflowRecoveryHandle } from '../workflows-runtime/workflow-recovery.js';
import { startWorkflowWorker, type WorkflowWorkerHandle } from '../workflows-runtime/workflow-worker.js';
import { createLogger, NestPinoLogger } from './logger.js';
import { serveConsole } from './console-static.js';
import { configureHttp, requestId } from './http-pipeline.js';
import { resolveDatabase, type DatabaseTarget } from './database.js';

export interface Platform {
  app: NestFastifyApplication;
  orm: MikroORM;
  config: PlatformConfig;
  logger: Logger;
  /** Where workflows run: Temporal's address, namespace, task queue and (for the dev server) web UI. */
  temporal: TemporalTarget;
  /**
   * Runs a Temporal worker in this process (npm start, the worker entry, tests) until close, with the sweep that
   * starts workflows whose start was lost (at once, then every minute).
   */
  startWorker(): Promise<void>;
  /** Listens on HOST:PORT (or the given port) and returns the base URL. */
  listen(port?: number): Promise<string>;
  close(): Promise<void>;
}

export interface PlatformOptions {
  /** Environment to read instead of process.env (tests pass their own). */
  env?: NodeJS.ProcessEnv;
  /** Where JSON log lines go; stdout by default. */
  logDestination?: DestinationStream;
  /** Start a Temporal worker with the platform (as `startWorker()` would). */
  worker?: boolean;
}

/**
 * Builds the whole API: validated configuration → database (embedded when DATABASE_URL is unset) → public-schema
 * migrations → Temporal (the CLI dev server when TEMPORAL_ADDRESS is unset) → Nest on Fastify → first operator (→ a
 * worker). Nothing listens until `listen` is called.
 */
export async function createPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const env = parseEnv(options.env ?? process.env);
  const logger = createLogger(env.LOG_LEVEL, options.logDestination);
  const database: DatabaseTarget = await resolveDatabase(env, (line) => logger.debug({ component: 'postgres' }, line));
  const config = buildConfig(env, database.url);
  const orm = await createOrm(database.url, env.DATABASE_POOL_MAX);
  let redis: Redis | undefined;
  let temporal: TemporalRuntime | undefined;
  let temporalTarget: TemporalTarget | undefined;
  let worker: WorkflowWorkerHandle | undefined;
  let recovery: WorkflowRecoveryHandle | undefined;
  const stopServices = async () => {
    await recovery?.stop();
    await worker?.stop();
    await temporal?.close();
    await temporalTarget?.devServer?.stop();
    await orm.close();
    redis?.disconnect();
    await database.embedded?.stop();
  };
  try {
    await migrateSchema(orm.em.fork(), 'public', publicMigrations);
    temporalTarget = await resolveTemporal(env, (line) => logger.debug({ component: 'temporal' }, line));
    temporal = new TemporalRuntime(temporalTarget);
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
    const app = await NestFactory.create<NestFastifyApplication>(
      AppModule.register({ config, orm, redis, metrics, logger, temporal }),
      adapter,
      {
        logger: new NestPinoLogger(logger),
        abortOnError: false,
      },
    );
    configureHttp(app, env, metrics);
    if (env.DAWA_CONSOLE_DIR) await serveConsole(app, env.DAWA_CONSOLE_DIR);
    await app.init();
    await app.get(OperatorAuthService).ensureBootstrapOperator();
    const target = temporalTarget;
    const startWorker = async () => {
      worker ??= await startWorkflowWorker(target, platformActivities(app), logger);
      recovery ??= startWorkflowRecovery(app, logger, env.DAWA_WORKFLOW_RECOVERY_SECONDS * 1000);
    };
    if (options.worker) {
      try {
        await startWorker();
      } catch (error) {
        await app.close();
        throw error;
      }
    }
    return {
      app,
      orm,
      config,
      logger,
      temporal: target,
      startWorker,
      async listen(port = env.PORT) {
        await app.listen({ port, host: env.HOST });
        const address = app.getHttpServer().address();
        const actualPort = typeof address === 'object' && address ? address.port : port;
        return `http://${env.HOST}:${actualPort}`;
      },
      async close() {
        // The worker first: its running activities still need the database.
        await recovery?.stop();
        recovery = undefined;
        await worker?.stop();
        worker = undefined;
        await app.close();
        await stopServices();
      },
    };
  } catch (error) {
    await stopServices();
    throw error;
  }
}
