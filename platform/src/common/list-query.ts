import type { FastifyReply } from 'fastify';
import { Problem } from './problem.js';

/**
 * react-admin's `ra-data-simple-rest` list dialect: `sort=["name","ASC"]`, `range=[0,24]`,
 * `filter={"q":"amox","id":[...]}`; the answer carries `Content-Range: <resource> <first>-<last>/<total>`.
 */
export interface ListQuery {
  orderBy: Record<string, 'asc' | 'desc'>;
  offset: number;
  limit: number;
  filter: Record<string, unknown>;
}

export interface ListSpec {
  /** Fields a client may sort by, mapped to entity properties. */
  sortable: Record<string, string>;
  defaultSort: [string, 'ASC' | 'DESC'];
  /** Filter keys a client may use; anything else is refused so a typo never silently returns everything. */
  filters: string[];
}

export const MAX_PAGE_SIZE = 1000;
const DEFAULT_PAGE_SIZE = 25;

function parseJson(name: string, raw: unknown): unknown {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw Problem.badRequest(`Query parameter "${name}" must be given once, as JSON.`);
  try {
    return JSON.parse(raw);
  } catch {
    throw Problem.badRequest(`Query parameter "${name}" is not valid JSON.`, [{ field: name, message: 'must be JSON' }]);
  }
}

export function parseListQuery(query: Record<string, unknown>, spec: ListSpec): ListQuery {
  const sort = parseJson('sort', query.sort) ?? spec.defaultSort;
  if (
    !Array.isArray(sort) ||
    sort.length !== 2 ||
    typeof sort[0] !== 'string' ||
    !['ASC', 'DESC'].includes(String(sort[1]).toUpperCase())
  ) {
    throw Problem.badRequest('sort must look like ["field","ASC"].', [{ field: 'sort', message: 'must be ["field","ASC"|"DESC"]' }]);
  }
  const property = spec.sortable[sort[0]];
  if (!property) {
    throw Problem.badRequest(`Cannot sort by "${sort[0]}".`, [
      { field: 'sort', message: `must be one of ${Object.keys(spec.sortable).join(', ')}` },
    ]);
  }
  const range = parseJson('range', query.range) ?? [0, DEFAULT_PAGE_SIZE - 1];
  if (!Array.isArray(range) || range.length !== 2 || !range.every((n) => Number.isInteger(n) && n >= 0) || range[1] < range[0]) {
    throw Problem.badRequest('range must look like [0,24].', [{ field: 'range', message: 'must be [first,last] with 0 <= first <= last' }]);
  }
  const limit = Math.min(range[1] - range[0] + 1, MAX_PAGE_SIZE);
  const filter = parseJson('filter', query.filter) ?? {};
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter)) {
    throw Problem.badRequest('filter must be a JSON object.', [{ field: 'filter', message: 'must be a JSON object' }]);
  }
  const unknown = Object.keys(filter).filter((k) => !spec.filters.includes(k));
  if (unknown.length) {
    throw Problem.badRequest(`Unknown filter ${unknown.map((k) => `"${k}"`).join(', ')}.`, [
      { field: 'filter', message: `allowed filters: ${spec.filters.join(', ') || 'none'}` },
    ]);
  }
  return {
    orderBy: { [property]: String(sort[1]).toLowerCase() as 'asc' | 'desc' },
    offset: range[0],
    limit,
    filter: filter as Record<string, unknown>,
  };
}

export function setContentRange(reply: FastifyReply, resource: string, query: ListQuery, returned: number, total: number): void {
  const range = returned > 0 ? `${query.offset}-${query.offset + returned - 1}` : '*';
  reply.header('content-range', `${resource} ${range}/${total}`);
}

/** Filter values arrive as JSON: lists must be lists of strings (react-admin's getMany sends `{"id":[...]}`). */
export function stringList(filter: Record<string, unknown>, key: string): string[] | undefined {
  const value = filter[key];
  if (value === undefined) return undefined;
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((v) => typeof v === 'string' && v.length <= 200)) {
    throw Problem.badRequest(`filter.${key} must be a string or a list of strings.`, [
      { field: `filter.${key}`, message: 'must be string(s)' },
    ]);
  }
  return list as string[];
}

export function searchText(filter: Record<string, unknown>, key = 'q'): string | undefined {
  const value = filter[key];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || value.length > 200) {
    throw Problem.badRequest(`filter.${key} must be text of at most 200 characters.`, [
      { field: `filter.${key}`, message: 'must be text' },
    ]);
  }
  return value;
}

/** Escapes LIKE wildcards so a search for "50%" finds "50%" and not everything. */
export function likePattern(value: string): string {
  return `%${value.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function uuidList(filter: Record<string, unknown>, key: string): string[] | undefined {
  const list = stringList(filter, key);
  if (list && !list.every((v) => UUID.test(v))) {
    throw Problem.badRequest(`filter.${key} must contain only ids.`, [{ field: `filter.${key}`, message: 'must be UUIDs' }]);
  }
  return list;
}

/** `filter.from` (inclusive) and `filter.to` (exclusive), dates like 2026-11-21, as conditions on a date column. */
export function dateRange(filter: Record<string, unknown>, column: string): { conditions: string[]; params: string[] } {
  const out = { conditions: [] as string[], params: [] as string[] };
  for (const [key, op] of [
    ['from', '>='],
    ['to', '<'],
  ] as const) {
    const value = dateBound(filter[key], `filter.${key}`);
    if (value === undefined) continue;
    out.conditions.push(`${column} ${op} ?`);
    out.params.push(value);
  }
  return out;
}

/** A real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
}

/** `filter.from` / `filter.to` (or the same query parameters) as dates like 2026-11-21. */
export function dateBound(value: unknown, name: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !isDate(value))
    throw Problem.badRequest(`${name} must be a date like 2026-11-21.`, [{ field: name, message: 'must be a date YYYY-MM-DD' }]);
  return value;
}

/** Which filters of a list match a column against one or several values. */
export interface ValueFilters {
  /** Filter key → column, for filters that take ids. */
  ids?: Record<string, string>;
  /** Filter key → column and the values it may take (any text when `allowed` is left out). */
  values?: Record<string, { column: string; allowed?: readonly string[] }>;
}

/** `column in (...)` conditions for the value filters present in `filter`; an id or value not allowed is a 400. */
export function valueFilterSql(filter: Record<string, unknown>, spec: ValueFilters): { conditions: string[]; params: unknown[] } {
  const out = { conditions: [] as string[], params: [] as unknown[] };
  const add = (column: string, values: string[] | undefined) => {
    if (!values) return;
    out.conditions.push(`${column} in (${values.map(() => '?').join(',')})`);
    out.params.push(...values);
  };
  for (const [key, column] of Object.entries(spec.ids ?? {})) add(column, uuidList(filter, key));
  for (const [key, { column, allowed }] of Object.entries(spec.values ?? {})) {
    const values = stringList(filter, key);
    if (values && allowed && !values.every((v) => allowed.includes(v))) {
      throw Problem.badRequest(`filter.${key} must be one of ${allowed.join(', ')}.`, [
        { field: `filter.${key}`, message: `must be one of ${allowed.join(', ')}` },
      ]);
    }
    add(column, values);
  }
  return out;
}
