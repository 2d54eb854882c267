import { PluginHostService, ProvisioningService, systemScope, TenantRegistry, TenantsService, type Platform } from '@dawa/platform';
import { toProvisioning, type TenantManifest } from './manifest.js';

export interface ProvisionOutcome {
  slug: string;
  status: 'created' | 'exists';
}

/** Provisions a manifest's tenant unless a tenant with its slug exists already (so `npm start` can rerun safely). */
export async function provisionManifest(
  platform: Platform,
  manifest: TenantManifest,
  actorLabel = 'tenants-cli',
): Promise<ProvisionOutcome> {
  const existing = await platform.app.get(TenantsService).list({ filter: JSON.stringify({ q: manifest.slug }), range: '[0,99]' });
  if (existing.rows.some((t) => t.slug === manifest.slug)) return { slug: manifest.slug, status: 'exists' };
  const { input, seed } = toProvisioning(manifest);
  const tenant = await platform.app.get(ProvisioningService).provision(input, { type: 'system', label: actorLabel }, seed);
  const ref = (await platform.app.get(TenantRegistry).byId(tenant.id))!;
  const scope = systemScope(ref, platform.orm.em.fork({ schema: ref.schemaName }), actorLabel);
  for (const [name, setting] of Object.entries(manifest.plugins)) {
    await platform.app.get(PluginHostService).configure(scope, name, setting);
  }
  return { slug: manifest.slug, status: 'created' };
}
