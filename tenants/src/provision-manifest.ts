import {
  PluginHostService,
  ProvisioningService,
  ReorderScheduleService,
  systemScope,
  TenantRegistry,
  TenantsService,
  type CatalogueFile,
  type Platform,
} from '@dawa/platform';
import { toProvisioning, type TenantManifest } from './manifest.js';

export interface ProvisionOutcome {
  slug: string;
  tenantId: string;
  /** `resumed`: an earlier run left the tenant half-provisioned (say `npm start` was stopped); it is finished now. */
  status: 'created' | 'exists' | 'resumed';
}

/**
 * Provisions a manifest's tenant (the provisioning workflow, plugins included, and the catalogue files given) and
 * waits until it is ready, unless a tenant with its slug exists already (so `npm start` can rerun safely).
 */
export async function provisionManifest(
  platform: Platform,
  manifest: TenantManifest,
  actorLabel = 'tenants-cli',
  catalogue: CatalogueFile[] = [],
): Promise<ProvisionOutcome> {
  const provisioning = platform.app.get(ProvisioningService);
  const existing = await platform.app.get(TenantsService).list({ filter: JSON.stringify({ q: manifest.slug }), range: '[0,99]' });
  const found = existing.rows.find((t) => t.slug === manifest.slug);
  if (found?.status === 'provisioning') {
    const progress = await provisioning.progress(found.id);
    if (progress.status === 'failed') await provisioning.retry(found.id, { type: 'system', label: actorLabel });
    await provisioning.waitUntilProvisioned(found.id);
    return { slug: manifest.slug, tenantId: found.id, status: 'resumed' };
  }
  if (found) return { slug: manifest.slug, tenantId: found.id, status: 'exists' };
  const { input, seed } = toProvisioning(manifest);
  const tenant = await provisioning.provision(
    { ...input, ...(catalogue.length ? { catalogue } : {}) },
    { type: 'system', label: actorLabel },
    { ...seed, plugins: manifest.plugins },
  );
  return { slug: manifest.slug, tenantId: tenant.id, status: 'created' };
}

/**
 * Enables and configures the manifest's plugins. With `onlyUnconfigured`, plugins the chain has set up (or turned
 * off) itself are left alone: `npm start` uses it to give demo chains created by an older release the plugins a newer
 * manifest adds, without undoing what anyone changed since.
 */
export async function configureManifestPlugins(
  platform: Platform,
  tenantId: string,
  manifest: TenantManifest,
  actorLabel: string,
  options: { onlyUnconfigured: boolean },
): Promise<string[]> {
  const ref = (await platform.app.get(TenantRegistry).byId(tenantId))!;
  const scope = systemScope(ref, platform.orm.em.fork({ schema: ref.schemaName }), actorLabel);
  const host = platform.app.get(PluginHostService);
  const configured = new Set(options.onlyUnconfigured ? (await host.list(scope)).filter((p) => p.updatedAt).map((p) => p.name) : []);
  const names = Object.keys(manifest.plugins).filter((name) => !configured.has(name));
  for (const name of names) await host.configure(scope, name, manifest.plugins[name]);
  return names;
}

/**
 * Turns the nightly reorder run on at its default hour for a chain provisioned before provisioning did so, unless
 * someone has set it since (on, moved or off). Returns whether it turned it on.
 */
export async function enableDefaultSchedules(platform: Platform, tenantId: string, actorLabel: string): Promise<boolean> {
  const ref = (await platform.app.get(TenantRegistry).byId(tenantId))!;
  return platform.app
    .get(ReorderScheduleService)
    .enableByDefault(systemScope(ref, platform.orm.em.fork({ schema: ref.schemaName }), actorLabel));
}
