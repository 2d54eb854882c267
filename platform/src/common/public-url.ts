import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config/config.js';

/** Where clients and vendors reach this API: DAWA_PUBLIC_URL, or else the address it listens on (development, tests). */
@Injectable()
export class PublicUrl {
  constructor(
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  base(): string {
    const configured = this.config.env.DAWA_PUBLIC_URL;
    if (configured) return configured.replace(/\/+$/, '');
    const address = this.adapterHost.httpAdapter.getHttpServer().address();
    if (!address || typeof address === 'string') throw new Error('Set DAWA_PUBLIC_URL: the API is not listening on a TCP port');
    const host = ['0.0.0.0', '::'].includes(address.address) ? 'localhost' : address.address;
    return `http://${address.family === 'IPv6' && host !== 'localhost' ? `[${host}]` : host}:${address.port}`;
  }
}
