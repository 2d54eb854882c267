import { invalidRequest } from './api-errors.js';

/** A decoded Stripe parameter: form values are strings, nested by `a[b]`, `a[0]` and `a[]` as Rails and Stripe read them. */
export type ParamValue = string | ParamValue[] | ParamObject;
export interface ParamObject {
  [name: string]: ParamValue;
}

function segmentsOf(key: string): string[] {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) throw invalidRequest(`Invalid parameter name: ${key}`, { param: key });
  return [match[1], ...[...match[2].matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1])];
}

const isIndex = (segment: string) => segment === '' || /^\d+$/.test(segment);

function assign(container: ParamObject | ParamValue[], segments: string[], value: string, key: string): void {
  const [head, ...rest] = segments;
  const conflict = () => invalidRequest(`Invalid array or hash for ${key}`, { param: key });
  const slot = Array.isArray(container) ? (head === '' ? container.length : Number(head)) : head;
  const holder = container as Record<string | number, ParamValue>;
  if (!rest.length) {
    if (holder[slot] !== undefined && typeof holder[slot] !== 'string') throw conflict();
    holder[slot] = value;
    return;
  }
  holder[slot] ??= isIndex(rest[0]) ? [] : {};
  const next = holder[slot];
  if (typeof next === 'string' || Array.isArray(next) !== isIndex(rest[0])) throw conflict();
  assign(next, rest, value, key);
}

/** Stripe's form decoding of a request body or query string: `metadata[k]=v`, `allowed_payment_method_types[0]=card`. */
export function decodeStripeParams(form: URLSearchParams): ParamObject {
  const params: ParamObject = {};
  for (const [key, value] of form) assign(params, segmentsOf(key), value, key);
  // `a[1]=x` without `a[0]` leaves a hole; Stripe compacts what was sent.
  const compact = (value: ParamValue): ParamValue =>
    typeof value === 'string'
      ? value
      : Array.isArray(value)
        ? value.filter((v) => v !== undefined).map(compact)
        : Object.fromEntries(Object.entries(value).map(([k, v]) => [k, compact(v)]));
  return compact(params) as ParamObject;
}
