import { Inject, Injectable } from '@nestjs/common';
import {
  configJsonSchema,
  createExtension,
  parsePluginConfig,
  PluginConfigError,
  providesExtension,
  redactSecrets,
  REDACTED,
  EXTENSION_POINTS,
  type AnyDawaPlugin,
  type ExtensionPointName,
  type ExtensionPoints,
  type PluginLogger,
  type PluginProviding,
} from '@dawa/plugin-sdk';
import type { Logger } from 'pino';
import { AuditService } from '../audit/audit.service.js';
import { Problem } from '../common/problem.js';
import { PLATFORM_CONFIG, type PlatformConfig } from '../config/config.js';
import { assertCan, withEm, type TenantScope } from '../common/tenant-scope.js';
import { PLATFORM_LOGGER } from '../infrastructure/logger.provider.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { searchReindex } from '../search/search-reindex.js';
import type { TenantRef } from '../tenancy/tenant-ref.js';
import { COUNTRY_DEFAULT_PLUGINS, PLUGIN_REGISTRY, type InstalledPlugin } from './plugin-registry.js';
import { PluginSettingsStore, type StoredPluginSetting } from './plugin-settings.store.js';
import type { PluginSettingInput } from './plugins.schemas.js';

/** Extension points a tenant uses exactly one plugin for: two tax plugins would tax a sale twice. */
const EXCLUSIVE_POINTS: ExtensionPointName[] = ['tax', 'storage', 'search'];
const MAX_CACHED_PROVIDERS = 2000;

function servesCountry(plugin: AnyDawaPlugin, country: string): boolean {
  return plugin.countries === 'any' || plugin.countries.includes(country);
}

function pointsOf(plugin: AnyDawaPlugin): ExtensionPointName[] {
  return EXTENSION_POINTS.filter((point) => providesExtension(plugin, point));
}

/**
 * The plugins as a tenant sees them: which are installed for its country, which it has enabled and how they are
 * configured, and "the tax plugin for this tenant". Providers are built once per tenant and configuration and
 * cached (bounded), keyed by tenant id so no tenant ever gets another's configured instance.
 */
@Injectable()
export class PluginHostService {
  private readonly providers = new Map<string, unknown>();

  constructor(
    @Inject(PLUGIN_REGISTRY) private readonly installed: InstalledPlugin[],
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
    @Inject(PLATFORM_CONFIG) private readonly config: PlatformConfig,
    private readonly settings: PluginSettingsStore,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  async list(scope: TenantScope) {
    assertCan(scope, 'read', 'Plugin');
    const stored = await this.settings.all(scope.em, scope.tenant);
    return this.installed
      .filter((entry) => !entry.plugin || servesCountry(entry.plugin, scope.tenant.country))
      .map((entry) => this.view(scope.tenant, entry, stored.get(entry.name)));
  }

  /** Like provider(), but null when no plugin for `point` is on, where the core has a built-in default (storage). */
  async enabledProvider<K extends ExtensionPointName>(scope: TenantScope, point: K): Promise<ExtensionPoints[K] | null> {
    return (await this.enabled(scope, point))?.provider ?? null;
  }

  async configure(scope: TenantScope, name: string, input: PluginSettingInput) {
    assertCan(scope, 'update', 'Plugin');
    const entry = this.installed.find((e) => e.name === name);
    if (!entry || (entry.plugin && !servesCountry(entry.plugin, scope.tenant.country))) throw Problem.notFound(`Plugin ${name}`);
    if (entry.status === 'refused') throw Problem.conflict(entry.reason, 'plugin-refused');
    const plugin = entry.plugin;
    return scope.em.transactional(async (em) => {
      const s = withEm(scope, em);
      const stored = await this.settings.all(em, scope.tenant);
      const current = stored.get(name);
      const merged = keepStoredSecrets(plugin, input.config ?? current?.config ?? {}, current?.config ?? {});
      let config: Record<string, unknown>;
      try {
        config = parsePluginConfig(plugin, merged) as Record<string, unknown>;
      } catch (error) {
        if (error instanceof PluginConfigError)
          throw Problem.validation(error.issues.map((i) => ({ field: `config.${i.field}`, message: i.message })));
        throw error;
      }
      if (input.enabled) {
        for (const point of pointsOf(plugin).filter((p) => EXCLUSIVE_POINTS.includes(p))) {
          const rival = this.enabledPlugins(scope.tenant, stored).find((other) => other.name !== name && providesExtension(other, point));
          if (rival)
            throw Problem.conflict(`Only one ${point} plugin can be on at a time; turn ${rival.name} off first.`, 'plugin-conflict');
        }
      }
      await this.settings.save(em, scope.tenant, name, input.enabled, config, plugin.secretFields, scope.actor?.id);
      // A search engine turned on, or pointed at another cluster, starts without the catalogue.
      if (input.enabled && providesExtension(plugin, 'search')) await this.outbox.emit(s, searchReindex(name));
      const before = current ? { enabled: current.enabled, config: redactSecrets(plugin.configSchema, current.config) } : null;
      const after = { enabled: input.enabled, config: redactSecrets(plugin.configSchema, config) };
      await this.audit.record(s, { action: 'plugin.configured', entityType: 'Plugin', entityId: name, before, after });
      const updated = (await this.settings.all(em, scope.tenant)).get(name);
      return this.view(scope.tenant, entry, updated);
    });
  }

  /** The enabled plugin providing `point` for this tenant, built with the tenant's configuration. */
  async provider<K extends ExtensionPointName>(scope: TenantScope, point: K): Promise<ExtensionPoints[K]> {
    return (await this.providing(scope, point)).provider;
  }

  /** As `provider`, with the plugin's name: what its webhook URL (`/api/v1/webhooks/:tenant/:plugin`) is built from. */
  async providing<K extends ExtensionPointName>(scope: TenantScope, point: K): Promise<{ plugin: string; provider: ExtensionPoints[K] }> {
    const enabled = await this.enabled(scope, point);
    if (!enabled) {
      throw Problem.unprocessable(
        `No ${point} plugin is turned on for this chain. An owner or admin can enable one under Plugins.`,
        `no-${point}-plugin`,
      );
    }
    return enabled;
  }

  /** The enabled plugin for `point` and its instance, from one read of the tenant's settings; null when none is on. */
  private async enabled<K extends ExtensionPointName>(
    scope: TenantScope,
    point: K,
  ): Promise<{ plugin: string; provider: ExtensionPoints[K] } | null> {
    const stored = await this.settings.all(scope.em, scope.tenant);
    const plugin = this.enabledPlugins(scope.tenant, stored).find((p) => providesExtension(p, point));
    if (!plugin || !providesExtension(plugin, point)) return null;
    return { plugin: plugin.name, provider: this.instance(scope.tenant, plugin, point, stored.get(plugin.name)) };
  }

  /** Every enabled plugin providing `point` (a chain may turn on several payment plugins), each with its instance. */
  async enabledProviders<K extends ExtensionPointName>(
    scope: TenantScope,
    point: K,
  ): Promise<Array<{ plugin: string; provider: ExtensionPoints[K] }>> {
    const stored = await this.settings.all(scope.em, scope.tenant);
    return this.enabledPlugins(scope.tenant, stored)
      .filter((p): p is PluginProviding<K> => providesExtension(p, point))
      .map((p) => ({ plugin: p.name, provider: this.instance(scope.tenant, p, point, stored.get(p.name)) }));
  }

  /**
   * The tenant's instance of one named plugin's `point` (a chain may enable several payment plugins), or undefined
   * when that plugin is not installed for the tenant's country, not enabled, or does not provide `point`.
   */
  async namedProvider<K extends ExtensionPointName>(scope: TenantScope, name: string, point: K): Promise<ExtensionPoints[K] | undefined> {
    const stored = await this.settings.all(scope.em, scope.tenant);
    const plugin = this.enabledPlugins(scope.tenant, stored).find((p) => p.name === name);
    if (!plugin || !providesExtension(plugin, point)) return undefined;
    return this.instance(scope.tenant, plugin, point, stored.get(plugin.name));
  }

  private instance<K extends ExtensionPointName>(
    tenant: TenantRef,
    plugin: PluginProviding<K>,
    point: K,
    setting: StoredPluginSetting | undefined,
  ): ExtensionPoints[K] {
    const key = `${tenant.id}|${plugin.name}|${point}|${setting?.updatedAt.getTime() ?? 'default'}`;
    const cached = this.providers.get(key);
    if (cached) return cached as ExtensionPoints[K];
    let provider: ExtensionPoints[K];
    try {
      provider = createExtension(plugin, point, {
        tenant: pluginTenant(tenant),
        config: setting?.config ?? {},
        logger: this.pluginLogger(tenant, plugin.name),
        baseUrl: this.config.env.DAWA_PLUGIN_BASE_URLS[plugin.name],
      });
    } catch (error) {
      if (error instanceof PluginConfigError) {
        throw Problem.unprocessable(`The ${plugin.name} plugin is not configured correctly: ${error.message}`, 'plugin-misconfigured');
      }
      throw error;
    }
    if (this.providers.size >= MAX_CACHED_PROVIDERS) this.providers.delete(this.providers.keys().next().value!);
    this.providers.set(key, provider);
    return provider;
  }

  private enabledPlugins(tenant: TenantRef, stored: Map<string, StoredPluginSetting>): AnyDawaPlugin[] {
    const defaults = COUNTRY_DEFAULT_PLUGINS[tenant.country] ?? [];
    return this.installed.flatMap((entry) => {
      if (entry.status !== 'ready' || !servesCountry(entry.plugin, tenant.country)) return [];
      const setting = stored.get(entry.name);
      const enabled = setting ? setting.enabled : defaults.includes(entry.name);
      return enabled ? [entry.plugin] : [];
    });
  }

  private view(tenant: TenantRef, entry: InstalledPlugin, setting: StoredPluginSetting | undefined) {
    const plugin = entry.plugin;
    const isDefault = (COUNTRY_DEFAULT_PLUGINS[tenant.country] ?? []).includes(entry.name);
    return {
      name: entry.name,
      status: entry.status,
      reason: entry.status === 'refused' ? entry.reason : undefined,
      version: plugin?.version,
      description: plugin?.description,
      countries: plugin?.countries,
      provides: plugin ? pointsOf(plugin) : [],
      enabled: entry.status === 'ready' && (setting ? setting.enabled : isDefault),
      isCountryDefault: isDefault,
      config: plugin ? redactSecrets(plugin.configSchema, setting?.config ?? {}) : {},
      secretFields: plugin?.secretFields ?? [],
      // Complete and valid as stored (nothing stored reads as {}): the plugin could run with it.
      configured: plugin ? plugin.configSchema.safeParse(setting?.config ?? {}).success : false,
      configSchema: plugin ? configJsonSchema(plugin.configSchema) : undefined,
      updatedAt: setting?.updatedAt ?? null,
    };
  }

  private pluginLogger(tenant: TenantRef, plugin: string): PluginLogger {
    const log = this.logger.child({ tenant: tenant.slug, plugin });
    return {
      debug: (message, fields) => log.debug(fields ?? {}, message),
      info: (message, fields) => log.info(fields ?? {}, message),
      warn: (message, fields) => log.warn(fields ?? {}, message),
      error: (message, fields) => log.error(fields ?? {}, message),
    };
  }
}

function pluginTenant(tenant: TenantRef) {
  return { id: tenant.id, slug: tenant.slug, country: tenant.country, currency: tenant.currency, timezone: tenant.timezone };
}

/**
 * The console shows secrets as REDACTED and never gets them back; when it saves, a secret sent as REDACTED (or left
 * out) means "keep what is stored", so re-saving a form never wipes a key.
 */
function keepStoredSecrets(
  plugin: AnyDawaPlugin,
  incoming: Record<string, unknown>,
  stored: Record<string, unknown>,
): Record<string, unknown> {
  const merged = structuredClone(incoming);
  for (const field of plugin.secretFields.filter((f) => !f.includes('[]'))) {
    const path = field.split('.');
    const parent = path
      .slice(0, -1)
      .reduce<Record<string, unknown> | undefined>((node, key) => (node?.[key] as Record<string, unknown>) ?? undefined, merged);
    const storedValue = path.reduce<unknown>(
      (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
      stored,
    );
    const last = path[path.length - 1];
    if (storedValue !== undefined && (!parent || parent[last] === undefined || parent[last] === REDACTED)) {
      let node = merged;
      for (const key of path.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
      node[last] = storedValue;
    }
  }
  return merged;
}
