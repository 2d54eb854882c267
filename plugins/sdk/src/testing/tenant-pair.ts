import { createExtension, type PluginTenant } from '../context.js';
import type { ExtensionPointName, ExtensionPoints, PluginProviding } from '../define-plugin.js';
import { otherTenant } from './fixtures.js';
import type { VendorFake } from './vendor-fake.js';

export interface TenantPair<K extends ExtensionPointName> {
  fake: VendorFake;
  mine: ExtensionPoints[K];
  /** The same plugin for another tenant on the same fake: it must not see `mine`'s data. */
  theirs: ExtensionPoints[K];
}

/** Starts the plugin's fake and one extension for the setup's tenant and one for another tenant, both on the fake. */
export async function startTenantPair<K extends ExtensionPointName>(
  plugin: PluginProviding<K>,
  point: K,
  setup: { tenant: PluginTenant; config: unknown; startFake(): Promise<VendorFake> },
): Promise<TenantPair<K>> {
  const fake = await setup.startFake();
  const forTenant = (tenant: PluginTenant) => createExtension(plugin, point, { tenant, config: setup.config, baseUrl: fake.baseUrl });
  return { fake, mine: forTenant(setup.tenant), theirs: forTenant(otherTenant(setup.tenant)) };
}
