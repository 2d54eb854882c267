import { parsePluginConfig, secretValues, type PluginConfigSchema, type z } from './config-schema.js';
import type { DawaPlugin, ExtensionPointName, ExtensionPoints, PluginProviding } from './define-plugin.js';
import { PluginError } from './errors.js';
import { createHttpClient, type HttpClient } from './http-client.js';
import { scrubbingLogger, silentLogger, type PluginLogger } from './logger.js';

/** The tenant a plugin instance serves. Amounts it handles are minor units of `currency`. */
export interface PluginTenant {
  id: string;
  slug: string;
  /** ISO 3166-1 alpha-2: IN, KE. */
  country: string;
  /** ISO 4217: INR, KES. */
  currency: string;
  /** IANA zone: Asia/Kolkata, Africa/Nairobi. */
  timezone: string;
}

/** Time as the plugin may see it; tests and the sandbox pass a fixed clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** Everything an extension point implementation gets: one context per tenant and plugin. */
export interface PluginContext<Config = unknown> {
  tenant: PluginTenant;
  /** The tenant's configuration, already validated by the plugin's config schema (secrets decrypted). */
  config: Config;
  logger: PluginLogger;
  clock: Clock;
  http: HttpClient;
}

export interface PluginContextOptions {
  tenant: PluginTenant;
  /** The stored configuration, not yet validated. */
  config: unknown;
  logger?: PluginLogger;
  clock?: Clock;
  /** Where the plugin's HTTP client points instead of the vendor (the plugin's fake, in tests and the sandbox). */
  baseUrl?: string;
}

/**
 * Builds the context the host hands to a plugin's extension points: refuses a tenant in a country the plugin does
 * not serve, validates the configuration (PluginConfigError), points the HTTP client at the vendor or at the given
 * base URL, and scrubs the tenant's secrets from anything the plugin logs.
 */
export function createPluginContext<S extends PluginConfigSchema>(
  plugin: Pick<DawaPlugin<S>, 'name' | 'countries' | 'configSchema' | 'baseUrl'>,
  options: PluginContextOptions,
): PluginContext<z.output<S>> {
  const { tenant } = options;
  if (plugin.countries !== 'any' && !plugin.countries.includes(tenant.country)) {
    throw new PluginError(
      'country_not_supported',
      `Plugin ${plugin.name} serves ${plugin.countries.join(', ')}; tenant ${tenant.slug} is in ${tenant.country}`,
    );
  }
  const config = parsePluginConfig(plugin, options.config);
  return {
    tenant,
    config,
    logger: scrubbingLogger(options.logger ?? silentLogger, secretValues(plugin.configSchema, config)),
    clock: options.clock ?? systemClock,
    http: createHttpClient({ baseUrl: options.baseUrl ?? plugin.baseUrl?.(config) ?? '' }),
  };
}

/** The tenant's instance of one of a plugin's extension points: the context built as above, handed to its factory. */
export function createExtension<K extends ExtensionPointName>(
  plugin: PluginProviding<K>,
  point: K,
  options: PluginContextOptions,
): ExtensionPoints[K] {
  const factory = plugin.provides[point] as (context: PluginContext) => ExtensionPoints[K];
  return factory(createPluginContext(plugin, options));
}
