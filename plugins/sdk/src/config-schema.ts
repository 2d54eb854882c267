import { z } from 'zod';
import { PluginConfigError, type FieldIssue } from './errors.js';

/** zod, re-exported so a plugin's config schema is built with the same zod the SDK inspects. */
export { z };

/** A plugin's per-tenant configuration schema: always an object, so fields have names the admin console can show. */
export type PluginConfigSchema = z.ZodObject;

/** What replaces a secret whenever configuration leaves the host: API responses, logs, audit entries. */
export const REDACTED = '[redacted]';

const secretSchemas = new WeakSet<z.ZodType>();

/**
 * Marks a config field as secret (API keys, webhook secrets): the host stores it encrypted and never returns or logs
 * it. Wrap the finished field — `secret(z.string().min(8)).optional()` — because zod methods such as `.min()` return
 * a new schema that would not carry the mark.
 */
export function secret<T extends z.ZodType>(schema: T): T {
  secretSchemas.add(schema);
  return schema;
}

/** Wrappers that do not change what a field holds: the mark may sit on either side of them. */
function unwrap(schema: z.ZodType): z.ZodType | undefined {
  const def = schema._zod.def as { innerType?: z.ZodType; in?: z.ZodType };
  return def.innerType ?? def.in;
}

type Segment = string | typeof EACH;
const EACH = Symbol('each array element');

function* secretPathsOf(schema: z.ZodType, prefix: Segment[]): Generator<Segment[]> {
  for (let current: z.ZodType | undefined = schema; current; current = unwrap(current)) {
    if (secretSchemas.has(current)) {
      yield prefix;
      return;
    }
    if (current instanceof z.ZodObject) {
      for (const [key, field] of Object.entries(current.shape)) yield* secretPathsOf(field as z.ZodType, [...prefix, key]);
      return;
    }
    if (current instanceof z.ZodArray) {
      yield* secretPathsOf(current.element as z.ZodType, [...prefix, EACH]);
      return;
    }
  }
}

const pathText = (path: Segment[]) =>
  path
    .map((s) => (s === EACH ? '[]' : s))
    .join('.')
    .replaceAll('.[]', '[]');

/** Paths of the secret fields of a config schema: `keySecret`, `webhook.secret`, `accounts[].token`. */
export function secretFields(schema: PluginConfigSchema): string[] {
  return [...secretPathsOf(schema, [])].map(pathText);
}

/** Rebuilds `value` with every value at `path` passed through `replace`; absent values stay absent. */
function mapAtPath(value: unknown, path: Segment[], replace: (secretValue: unknown) => unknown): unknown {
  if (value === undefined || value === null) return value;
  if (!path.length) return replace(value);
  const [head, ...rest] = path;
  if (head === EACH) return Array.isArray(value) ? value.map((item) => mapAtPath(item, rest, replace)) : value;
  if (typeof value !== 'object' || !(head in value)) return value;
  const record = value as Record<string, unknown>;
  return { ...record, [head]: mapAtPath(record[head], rest, replace) };
}

/** A copy of `config` safe to show or log: every secret that is set reads `[redacted]`. */
export function redactSecrets<T>(schema: PluginConfigSchema, config: T): T {
  let result: unknown = config;
  for (const path of secretPathsOf(schema, [])) result = mapAtPath(result, path, () => REDACTED);
  return result as T;
}

/** The secret values present in `config`, so that a logger can scrub them from anything a plugin logs. */
export function secretValues(schema: PluginConfigSchema, config: unknown): string[] {
  const found: string[] = [];
  for (const path of secretPathsOf(schema, [])) {
    mapAtPath(config, path, (value) => {
      if (typeof value === 'string' && value) found.push(value);
      return value;
    });
  }
  return found;
}

/**
 * The config schema as JSON Schema (draft 2020-12) describing what a tenant types in: the admin console generates the
 * plugin's settings form from it. Field titles and help come from `.meta({ title, description })`; secret fields carry
 * `writeOnly: true`, so a form knows to ask for them and never to expect them back.
 */
export function configJsonSchema(schema: PluginConfigSchema): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema }) => {
      if (secretSchemas.has(zodSchema as unknown as z.ZodType)) jsonSchema.writeOnly = true;
    },
  }) as Record<string, unknown>;
}

/** zod issues as field issues; `whole` names the value itself when an issue has no path. */
export function zodIssues(error: z.ZodError, whole: string): FieldIssue[] {
  return error.issues.map((issue) => ({ field: issue.path.length ? issue.path.join('.') : whole, message: issue.message }));
}

/** Validates a tenant's raw configuration for a plugin; an absent configuration is an empty object. */
export function parsePluginConfig<S extends PluginConfigSchema>(plugin: { name: string; configSchema: S }, raw: unknown): z.output<S> {
  // zod's own words for a missing field ("expected string, received undefined") are not for an owner filling in a form.
  const result = plugin.configSchema.safeParse(raw ?? {}, { error: (issue) => (issue.input === undefined ? 'is required' : undefined) });
  if (!result.success) throw new PluginConfigError(plugin.name, zodIssues(result.error, '(config)'));
  return result.data;
}
