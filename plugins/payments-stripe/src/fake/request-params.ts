import { invalidRequest, raise } from './api-errors.js';
import type { ParamObject, ParamValue } from './form-params.js';

const missing = (name: string) => invalidRequest(`Missing required param: ${name}.`, { code: 'parameter_missing', param: name });

/** One request's parameters, read the way Stripe validates them: unknown names, wrong types and missing ones refused. */
export class RequestParams {
  constructor(
    private readonly values: ParamObject,
    allowed: readonly string[],
  ) {
    const unknown = Object.keys(values).find((name) => !allowed.includes(name) && name !== 'expand');
    if (unknown) throw invalidRequest(`Received unknown parameter: ${unknown}`, { code: 'parameter_unknown', param: unknown });
  }

  has(name: string): boolean {
    return this.values[name] !== undefined;
  }

  string(name: string): string | undefined {
    const value = this.values[name];
    if (value !== undefined && typeof value !== 'string') throw invalidRequest(`Invalid string: ${name}`, { param: name });
    return value === '' ? undefined : value;
  }

  requiredString(name: string): string {
    return this.string(name) ?? raise(missing(name));
  }

  integer(name: string): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    if (!/^-?\d+$/.test(text)) throw invalidRequest(`Invalid integer: ${text}`, { code: 'parameter_invalid_integer', param: name });
    return Number(text);
  }

  requiredInteger(name: string): number {
    return this.integer(name) ?? raise(missing(name));
  }

  boolean(name: string): boolean {
    const text = this.string(name);
    if (text === undefined) return false;
    if (text !== 'true' && text !== 'false') throw invalidRequest(`Invalid boolean: ${text}`, { param: name });
    return text === 'true';
  }

  oneOf<T extends string>(name: string, options: readonly T[]): T | undefined {
    const text = this.string(name);
    if (text === undefined || options.includes(text as T)) return text as T | undefined;
    const list = `${options.slice(0, -1).join(', ')}, or ${options.at(-1)}`;
    throw invalidRequest(`Invalid ${name}: must be one of ${list}`, { param: name });
  }

  strings(name: string): string[] | undefined {
    const value = this.values[name];
    if (value === undefined) return undefined;
    if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) throw invalidRequest(`Invalid array`, { param: name });
    return value as string[];
  }

  /** `metadata[key]=value`: at most 50 keys of 40 characters, values of 500; an empty value removes the key. */
  metadata(): Record<string, string> {
    const value: ParamValue | undefined = this.values.metadata;
    if (value === undefined || value === '') return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw invalidRequest('Invalid hash', { param: 'metadata' });
    const entries = Object.entries(value);
    if (entries.length > 50) throw invalidRequest('You can specify up to 50 keys in metadata.', { param: 'metadata' });
    for (const [key, text] of entries) {
      const param = `metadata[${key}]`;
      if (typeof text !== 'string') throw invalidRequest('Invalid string', { param });
      if (key.length > 40) throw invalidRequest(`Metadata keys can have up to 40 characters. The key ${key} is too long.`, { param });
      if (text.length > 500)
        throw invalidRequest(`Metadata values can have up to 500 characters. The value for ${key} is too long.`, { param });
    }
    return Object.fromEntries(entries.filter(([, text]) => text !== '')) as Record<string, string>;
  }
}
