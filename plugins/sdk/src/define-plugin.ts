import { isApiVersion } from './api-version.js';
import { secretFields, z, type PluginConfigSchema } from './config-schema.js';
import type { PluginContext } from './context.js';
import { PluginDefinitionError } from './errors.js';
import type { MessagingProvider } from './messaging.js';
import type { PaymentProvider } from './payment.js';
import type { SearchProvider } from './search.js';
import type { StorageProvider } from './storage.js';
import type { TaxProvider } from './tax/tax-provider.js';

/** The interfaces through which the core calls plugins, by extension point name. */
export interface ExtensionPoints {
  tax: TaxProvider;
  payment: PaymentProvider;
  messaging: MessagingProvider;
  storage: StorageProvider;
  search: SearchProvider;
}

export type ExtensionPointName = keyof ExtensionPoints;

export const EXTENSION_POINTS: readonly ExtensionPointName[] = ['tax', 'payment', 'messaging', 'storage', 'search'];

/** Per extension point a plugin provides, a factory the host calls once per tenant with that tenant's context. */
export type ExtensionFactories<Config> = {
  [K in ExtensionPointName]?: (context: PluginContext<Config>) => ExtensionPoints[K];
};

export interface PluginDefinition<
  S extends PluginConfigSchema = PluginConfigSchema,
  P extends ExtensionFactories<z.output<S>> = ExtensionFactories<z.output<S>>,
> {
  /** Lower-case words joined by hyphens, unique among plugins: `tax-india-gst`. Used in URLs and stored settings. */
  name: string;
  /** The plugin release, semver. */
  version: string;
  /** The plugin API it is built against (PLUGIN_API_VERSION of the SDK it compiled with). */
  apiVersion: string;
  /** ISO country codes of tenants it may serve, or 'any'. */
  countries: readonly string[] | 'any';
  description?: string;
  provides: P;
  configSchema: S;
  /** The vendor API's base URL for a configuration (sandbox or live); the host may point the client elsewhere. */
  baseUrl?(config: z.output<S>): string;
}

const PLUGIN_MARK = Symbol.for('@dawa/plugin-sdk/plugin');

export type DawaPlugin<
  S extends PluginConfigSchema = PluginConfigSchema,
  P extends ExtensionFactories<z.output<S>> = ExtensionFactories<z.output<S>>,
> = Readonly<PluginDefinition<S, P>> & {
  /** Paths of the config fields marked secret(): the host encrypts these and never returns them. */
  readonly secretFields: readonly string[];
  readonly [PLUGIN_MARK]: true;
};

/** Any plugin, as the host holds them before it knows which one it has (each plugin's config type is its own). */
export type AnyDawaPlugin = DawaPlugin<PluginConfigSchema, ExtensionFactories<any>>;

/** A plugin known to provide extension point `K`. */
export type PluginProviding<K extends ExtensionPointName> = AnyDawaPlugin & {
  readonly provides: Required<Pick<AnyDawaPlugin['provides'], K>>;
};

/** Whether a plugin provides extension point `point`. */
export function providesExtension<K extends ExtensionPointName>(plugin: AnyDawaPlugin, point: K): plugin is PluginProviding<K> {
  return typeof plugin.provides[point] === 'function';
}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z.-]+)?$/;
const COUNTRY = /^[A-Z]{2}$/;

function definitionProblems(definition: PluginDefinition): string[] {
  const problems: string[] = [];
  if (typeof definition.name !== 'string' || !NAME.test(definition.name) || definition.name.length > 50) {
    problems.push('name must be lower-case words joined by hyphens (tax-india-gst), at most 50 characters');
  }
  if (typeof definition.version !== 'string' || !SEMVER.test(definition.version)) problems.push('version must be semver (1.4.0)');
  if (typeof definition.apiVersion !== 'string' || !isApiVersion(definition.apiVersion)) {
    problems.push('apiVersion must be MAJOR.MINOR (use PLUGIN_API_VERSION)');
  }
  const countries = definition.countries;
  if (countries !== 'any' && (!Array.isArray(countries) || !countries.length || !countries.every((c) => COUNTRY.test(c)))) {
    problems.push("countries must be 'any' or a non-empty list of ISO 3166-1 alpha-2 codes (IN, KE)");
  }
  const provided = definition.provides && typeof definition.provides === 'object' ? Object.entries(definition.provides) : [];
  if (!provided.length) problems.push(`provides must name at least one extension point (${EXTENSION_POINTS.join(', ')})`);
  for (const [point, factory] of provided) {
    if (!EXTENSION_POINTS.includes(point as ExtensionPointName)) problems.push(`provides.${point} is not an extension point`);
    else if (typeof factory !== 'function') problems.push(`provides.${point} must be a function of the plugin context`);
  }
  if (!(definition.configSchema instanceof z.ZodObject)) problems.push('configSchema must be a zod object schema (z.object({...}))');
  if (definition.baseUrl !== undefined && typeof definition.baseUrl !== 'function')
    problems.push('baseUrl must be a function of the config');
  return problems;
}

/**
 * Declares a plugin; a plugin package's default export is its result. Refuses a malformed definition at load time
 * (PluginDefinitionError) rather than when a tenant first uses it.
 */
export function definePlugin<S extends PluginConfigSchema, P extends ExtensionFactories<z.output<S>>>(
  definition: PluginDefinition<S, P>,
): DawaPlugin<S, P> {
  const problems = definitionProblems(definition as unknown as PluginDefinition);
  if (problems.length) throw new PluginDefinitionError(String(definition.name ?? ''), problems);
  return Object.freeze({ ...definition, secretFields: Object.freeze(secretFields(definition.configSchema)), [PLUGIN_MARK]: true as const });
}

/** Whether a module's default export is a plugin made by definePlugin() (of any SDK copy). */
export function isDawaPlugin(value: unknown): value is AnyDawaPlugin {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PLUGIN_MARK] === true;
}
