import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';

export const WEBHOOK_ROUTE_PREFIX = '/api/v1/webhooks/:tenant/:plugin';
/** Vendors sign at most a few kilobytes; anything near this is not a webhook. */
export const WEBHOOK_BODY_LIMIT_BYTES = 1_048_576;
/** Private media type the ingress routes' bodies are parsed as (the vendor's own type is kept for the plugin). */
const WEBHOOK_MEDIA_TYPE = 'application/vnd.dawa.webhook';

const vendorContentTypes = new WeakMap<FastifyRequest, string | undefined>();

function isWebhookRoute(request: FastifyRequest): boolean {
  return request.method === 'POST' && (request.routeOptions.url ?? '').startsWith(WEBHOOK_ROUTE_PREFIX);
}

/**
 * Signatures are computed over the exact bytes a vendor sent, so the webhook ingress must get them unparsed whatever
 * the content type (Razorpay and Stripe send JSON, Twilio a form, M-Pesa JSON). Fastify picks a body parser by content
 * type for the whole server, so on the ingress routes (and only there) the request's content type is swapped for a
 * private one whose parser keeps the body as a Buffer, capped at 1 MiB; the vendor's content type is remembered and
 * handed to the plugin with the other headers. Every other route parses JSON and forms as before.
 */
@Injectable()
export class WebhookBodyParser implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', async (request) => {
      if (!isWebhookRoute(request)) return;
      vendorContentTypes.set(request, request.headers['content-type']);
      request.headers['content-type'] = WEBHOOK_MEDIA_TYPE;
    });
    fastify.addContentTypeParser(WEBHOOK_MEDIA_TYPE, { parseAs: 'buffer', bodyLimit: WEBHOOK_BODY_LIMIT_BYTES }, (request, body, done) => {
      if (!isWebhookRoute(request)) return done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(), undefined);
      done(null, body);
    });
  }
}

/** The request's body as the vendor sent it: empty when there was none. */
export function rawWebhookBody(request: FastifyRequest): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

/** The request's headers as the vendor sent them (its own content type, not the ingress's private one). */
export function vendorHeaders(request: FastifyRequest): Record<string, string | string[] | undefined> {
  const headers = { ...request.headers };
  const contentType = vendorContentTypes.get(request);
  if (contentType === undefined) delete headers['content-type'];
  else headers['content-type'] = contentType;
  return headers;
}
