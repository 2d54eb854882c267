import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance } from 'fastify';
import { SLUG_PATTERN } from '../tenancy/tenant-resolver.js';

/** The operators' console lives beside the tenants' back offices under a path no tenant slug can take. */
export const OPERATOR_CONSOLE_PATH = '_operator';

/**
 * Serves the admin console's static export from the API process, so `npm start` stays one command and the console
 * calls the API on its own origin (no CORS). The export is one client-side app: `/<tenant>/` and `/_operator/` both
 * answer with its index.html and the app reads the tenant from the path (or the subdomain at `/`); its routes live
 * after the `#`, so no other path needs a fallback. Unknown API paths still get the API's problem+json 404.
 */
export async function serveConsole(app: NestFastifyApplication, dir: string): Promise<void> {
  const root = resolve(dir);
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`DAWA_CONSOLE_DIR=${dir} has no index.html: build the console first (node scripts/dawa.mjs build).`);
  }
  const fastify = app.getHttpAdapter().getInstance() as unknown as FastifyInstance;
  await fastify.register(fastifyStatic, { root, wildcard: false, index: false, cacheControl: false });
  const sendApp = (reply: { header(k: string, v: string): unknown; sendFile(f: string): unknown }) => {
    // The shell must never be cached: it names the hashed bundles of the current build.
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  };
  // A chain's own subdomain opens its back office at `/`.
  fastify.get('/', (_request, reply) => sendApp(reply));
  const isConsolePath = (segment: string) => segment === OPERATOR_CONSOLE_PATH || (segment !== 'api' && SLUG_PATTERN.test(segment));
  fastify.get('/:segment', (request, reply) => {
    const { segment } = request.params as { segment: string };
    return isConsolePath(segment) ? reply.redirect(`/${segment}/`) : reply.callNotFound();
  });
  fastify.get('/:segment/', (request, reply) => {
    const { segment } = request.params as { segment: string };
    return isConsolePath(segment) ? sendApp(reply) : reply.callNotFound();
  });
}
