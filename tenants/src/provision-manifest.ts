import { ProvisioningService, TenantsService, type Platform } from '@dawa/platform';
import { toProvisioning, type TenantManifest } from './manifest.js';

export interface ProvisionOutcome {
  slug: string;
  /** `resumed`: an earlier run left the tenant half-provisioned (say `npm start` was stopped); it is finished now. */
  status: 'created' | 'exists' | 'resumed';
}

/**
 * Provisions a manifest's tenant (the provisioning workflow, plugins included) and waits until it is ready, unless a
 * tenant with its slug exists already (so `npm start` can rerun safely).
 */
export async function provisionManifest(
  platform: Platform,
  manifest: TenantManifest,
  actorLabel = 'tenants-cli',
): Promise<ProvisionOutcome> {
  const provisioning = platform.app.get(ProvisioningService);
  const existing = await platform.app.get(TenantsService).list({ filter: JSON.stringify({ q: manifest.slug }), range: '[0,99]' });
  const tenant = existing.rows.find((t) => t.slug === manifest.slug);
  if (tenant?.status === 'provisioning') {
    const progress = await provisioning.progress(tenant.id);
    if (progress.status === 'failed') await provisioning.retry(tenant.id);
    await provisioning.waitUntilProvisioned(tenant.id);
    return { slug: manifest.slug, status: 'resumed' };
  }
  if (tenant) return { slug: manifest.slug, status: 'exists' };
  const { input, seed } = toProvisioning(manifest);
  await provisioning.provision(input, { type: 'system', label: actorLabel }, { ...seed, plugins: manifest.plugins });
  return { slug: manifest.slug, status: 'created' };
}
