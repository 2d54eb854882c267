import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { errorCodes, type FastifyInstance } from 'fastify';
import { PLATFORM_CONFIG, type PlatformConfig } from '../../config/config.js';
import { tooLarge } from './import-files.js';
import { LARGE_IMPORT_MEDIA_TYPES } from './import-format.js';

export const IMPORT_ROUTE = '/api/v1/products/import';

/**
 * Lets catalogue files through as a stream, up to their own limit (50 MB by default) while every other body keeps the
 * API's 1 MB limit. In stream mode Fastify hands the body over unread and does not enforce `bodyLimit` itself, so
 * the declared length is checked here and `ImportFiles` counts the bytes it actually saves. Streaming also means the
 * route's guard (sign-in, tenant, CASL) runs before a byte of the file is read.
 */
@Injectable()
export class ImportBodyParser implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    const limit = this.config.env.DAWA_IMPORT_BODY_LIMIT_BYTES;
    fastify.addContentTypeParser(LARGE_IMPORT_MEDIA_TYPES, { bodyLimit: limit }, (request, payload, done) => {
      // Everywhere else these types stay as unsupported as they were.
      if (request.routeOptions.url !== IMPORT_ROUTE) {
        return done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(), undefined);
      }
      if (Number(request.headers['content-length']) > limit) return done(tooLarge(limit), undefined);
      done(null, payload);
    });
  }
}
