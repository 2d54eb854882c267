import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkApiVersion, isDawaPlugin, PLUGIN_API_VERSION, type AnyDawaPlugin } from '@dawa/plugin-sdk';

/** An installed plugin as the host found it: ready to use, or refused with the reason an operator needs. */
export type InstalledPlugin =
  | { status: 'ready'; name: string; source: string; plugin: AnyDawaPlugin }
  | { status: 'refused'; name: string; source: string; reason: string; plugin?: AnyDawaPlugin };

export const PLUGIN_REGISTRY = Symbol('PLUGIN_REGISTRY');

/** The plugins a tenant in a country gets when it has chosen nothing itself. */
export const COUNTRY_DEFAULT_PLUGINS: Record<string, string[]> = {
  IN: ['tax-india-gst'],
  KE: ['tax-kenya-vat'],
};

/** Installed plugin packages: every `@dawa/*` package whose package.json has the keyword `dawa-plugin`. */
function installedPackageEntries(): string[] {
  // The node_modules folders Node would search from here, not the packages' real paths (workspaces are symlinks).
  const scopeDir = (createRequire(import.meta.url).resolve.paths('@dawa/plugin-sdk') ?? [])
    .map((dir) => join(dir, '@dawa'))
    .find(existsSync);
  if (!scopeDir) return [];
  return readdirSync(scopeDir).flatMap((name) => {
    try {
      const manifest = JSON.parse(readFileSync(join(scopeDir, name, 'package.json'), 'utf8')) as { keywords?: string[] };
      return manifest.keywords?.includes('dawa-plugin') ? [`@dawa/${name}`] : [];
    } catch {
      return [];
    }
  });
}

async function load(source: string, specifier: string): Promise<InstalledPlugin> {
  let module: { default?: unknown };
  try {
    module = await import(specifier);
  } catch (error) {
    return {
      status: 'refused',
      name: source,
      source,
      reason: `Could not load ${source}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  const plugin = module.default;
  if (!isDawaPlugin(plugin)) {
    return {
      status: 'refused',
      name: source,
      source,
      reason: `${source} does not export a plugin made with definePlugin() as its default export.`,
    };
  }
  const compatibility = checkApiVersion(plugin, PLUGIN_API_VERSION);
  if (!compatibility.compatible) return { status: 'refused', name: plugin.name, source, reason: compatibility.reason, plugin };
  return { status: 'ready', name: plugin.name, source, plugin };
}

/**
 * Finds and loads every plugin once, at boot: the installed packages and any module paths given in
 * DAWA_PLUGIN_PATHS. A plugin built for another plugin API major, or that is not a plugin at all, is kept in the
 * list as refused with its reason, so the operator sees why it is not offered instead of it silently missing.
 */
export async function discoverPlugins(extraPaths: string): Promise<InstalledPlugin[]> {
  const found = await Promise.all([
    ...installedPackageEntries().map((name) => load(name, name)),
    ...extraPaths
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)
      .map((path) => load(path, pathToFileURL(path).href)),
  ]);
  const seen = new Set<string>();
  return found.map((entry) => {
    if (entry.status === 'ready' && seen.has(entry.name)) {
      return {
        status: 'refused',
        name: entry.name,
        source: entry.source,
        reason: `Another plugin named ${entry.name} is already installed.`,
      } as const;
    }
    seen.add(entry.name);
    return entry;
  });
}
