import type { Tenant, TenantSettings, TenantStatus } from './tenant.entity.js';

/** The facts about a tenant a request needs, detached from any EntityManager. */
export interface TenantRef {
  id: string;
  slug: string;
  name: string;
  country: string;
  currency: string;
  timezone: string;
  status: TenantStatus;
  schemaName: string;
  settings: TenantSettings;
}

export function toTenantRef(tenant: Tenant): TenantRef {
  return {
    id: tenant.id,
    slug: tenant.slug,
    name: tenant.name,
    country: tenant.country,
    currency: tenant.currency,
    timezone: tenant.timezone,
    status: tenant.status,
    schemaName: tenant.schemaName,
    settings: tenant.settings ?? {},
  };
}

/** The tenant as the platform API shows it: everything but the internal schema name. */
export function tenantView(tenant: Tenant) {
  const { schemaName: _internal, ...view } = toTenantRef(tenant);
  return { ...view, branding: tenant.branding, createdAt: tenant.createdAt };
}
