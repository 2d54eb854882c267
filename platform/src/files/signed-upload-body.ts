import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config/config.js';
import { FILES_ROUTE } from './file-storage.service.js';

const UPLOAD_ROUTE = `/${FILES_ROUTE}/:token`;
/** What the upload route's bodies are parsed as, whatever the client declared: raw bytes. */
const RAW_UPLOAD = 'application/x.dawa-signed-upload';
const declaredTypes = new WeakMap<object, string | undefined>();

/** The content type the client sent with a signed upload (the parser sees it as RAW_UPLOAD). */
export function declaredContentType(request: FastifyRequest): string | undefined {
  return declaredTypes.get(request.raw);
}

/**
 * Lets a signed upload (`PUT /api/v1/files/:token`) through as the exact bytes sent, of any content type, up to
 * DAWA_FILE_MAX_BYTES. Fastify would parse a JSON or text upload into a value and refuse other types, so on that route
 * alone the declared type is set aside for the controller to check against the signed one and the body read raw.
 */
@Injectable()
export class SignedUploadBody implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addHook('onRequest', async (request) => {
      if (request.method !== 'PUT' || request.routeOptions.url !== UPLOAD_ROUTE) return;
      declaredTypes.set(request.raw, request.headers['content-type']);
      request.headers['content-type'] = RAW_UPLOAD;
    });
    fastify.addContentTypeParser(
      RAW_UPLOAD,
      { parseAs: 'buffer', bodyLimit: this.config.env.DAWA_FILE_MAX_BYTES },
      (request, body, done) => {
        if (request.routeOptions.url !== UPLOAD_ROUTE) return done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(), undefined);
        done(null, body);
      },
    );
  }
}
