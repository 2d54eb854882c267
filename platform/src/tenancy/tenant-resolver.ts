import { Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { Problem } from '../common/problem.js';
import { TenantRegistry } from './tenant-registry.service.js';
import type { TenantRef } from './tenant-ref.js';

export const SLUG_PATTERN = /^[a-z][a-z0-9-]{2,39}$/;

/**
 * Finds the tenant a request is for: the `X-Tenant` header, else the host's first label (`sanjeevani.dawa.app`,
 * `sanjeevani.localhost`), else a custom domain mapped in `tenant_domain`.
 */
@Injectable()
export class TenantResolver {
  constructor(private readonly registry: TenantRegistry) {}

  async resolve(request: FastifyRequest): Promise<TenantRef> {
    const header = request.headers['x-tenant'];
    if (Array.isArray(header)) throw Problem.badRequest('Send the X-Tenant header once.');
    const host = (request.headers.host ?? '').toLowerCase().replace(/:\d+$/, '');
    let tenant: TenantRef | undefined;
    if (header !== undefined) {
      const slug = header.trim().toLowerCase();
      if (!SLUG_PATTERN.test(slug)) throw Problem.badRequest('X-Tenant must be a tenant slug such as "sanjeevani".');
      tenant = await this.registry.bySlug(slug);
    } else {
      const slug = subdomainSlug(host);
      tenant = (slug && (await this.registry.bySlug(slug))) || (host ? await this.registry.byDomain(host) : undefined);
      if (!tenant && !slug) {
        throw Problem.badRequest("Which pharmacy chain is this for? Send the X-Tenant header or use the chain's own address.");
      }
    }
    if (!tenant) throw new Problem(404, 'unknown-tenant', 'Unknown tenant', 'No pharmacy chain is registered under that name.');
    assertTenantActive(tenant);
    return tenant;
  }
}

/** Only an active chain is served: a suspended one (or one still being set up) gets 403 on every request. */
export function assertTenantActive(tenant: TenantRef): void {
  if (tenant.status === 'suspended') {
    throw Problem.forbidden("This pharmacy chain's account is suspended. Contact the platform operator.", 'tenant-suspended');
  }
  if (tenant.status !== 'active') {
    throw Problem.forbidden("This pharmacy chain's account is still being set up.", 'tenant-not-ready');
  }
}

function subdomainSlug(host: string): string | undefined {
  if (!host || /^[\d.]+$/.test(host) || host.startsWith('[')) return undefined;
  const labels = host.split('.');
  const isLocal = labels[labels.length - 1] === 'localhost';
  if (labels.length >= (isLocal ? 2 : 3) && SLUG_PATTERN.test(labels[0])) return labels[0];
  return undefined;
}
