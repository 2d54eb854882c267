import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { errorCodes, type FastifyInstance } from 'fastify';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config/config.js';

/** The routes that take a prescription scan with its metadata as multipart/form-data. */
export const PRESCRIPTION_UPLOAD_ROUTES = ['/api/v1/prescriptions/uploads', '/api/v1/prescriptions/:id/info-provided'];

/** Room for the metadata part and the multipart framing around a file of the largest allowed size. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/**
 * Reads multipart/form-data bodies on the prescription upload routes as raw bytes, up to the largest file allowed plus
 * its framing, for the controller to split (`parseMultipartForm`). Every other route keeps refusing multipart.
 */
@Injectable()
export class PrescriptionUploadBody implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost.httpAdapter.getInstance<FastifyInstance>();
    fastify.addContentTypeParser(
      'multipart/form-data',
      { parseAs: 'buffer', bodyLimit: this.config.env.DAWA_FILE_MAX_BYTES + FORM_OVERHEAD_BYTES },
      (request, body, done) => {
        if (!PRESCRIPTION_UPLOAD_ROUTES.includes(request.routeOptions.url ?? '')) {
          return done(new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE(), undefined);
        }
        done(null, body);
      },
    );
  }
}
