import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import type { Env } from '../config/env.js';
import type { Metrics } from '../observability/metrics.js';

const REQUEST_ID = /^[A-Za-z0-9\-_.:]{1,128}$/;

/** Keeps a caller's X-Request-Id when it is sane, so one id follows a request through proxies and our logs. */
export function requestId(header: string | string[] | undefined): string {
  return typeof header === 'string' && REQUEST_ID.test(header) ? header : randomUUID();
}

/** Fastify-level wiring that runs around every route: request context, request ids, metrics, errors, CORS, docs. */
export function configureHttp(app: NestFastifyApplication, env: Env, metrics: Metrics): void {
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;

  fastify.addHook('onRequest', async (request, reply) => {
    request.dawa = { requestId: request.id, ip: request.ip, userAgent: request.headers['user-agent'] };
    reply.header('x-request-id', request.id);
  });

  fastify.addHook('onResponse', async (request, reply) => {
    metrics.httpDuration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });

  app.enableCors({
    origin: env.DAWA_CORS_ORIGINS === '*' ? true : env.DAWA_CORS_ORIGINS.split(',').map((o) => o.trim()),
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Tenant', 'X-Request-Id', 'Idempotency-Key'],
    exposedHeaders: ['Content-Range', 'X-Request-Id', 'Retry-After'],
    maxAge: 600,
  });

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Dawa API')
      .setDescription(
        'Multi-tenant pharmacy platform. Tenant routes need `X-Tenant: <slug>` (or the tenant subdomain) and a staff bearer token; ' +
          '`/api/v1/platform/*` routes need an operator token. Errors are application/problem+json. Lists speak the ra-data-simple-rest dialect.',
      )
      .setVersion('1')
      .addBearerAuth()
      .addGlobalParameters({ name: 'X-Tenant', in: 'header', required: false, schema: { type: 'string' }, description: 'Tenant slug' })
      .build(),
  );
  SwaggerModule.setup('api/docs', app, document, { jsonDocumentUrl: 'api/docs-json' });
}
