import type { SubjectName, Action } from '../access/ability.js';
import { Problem } from './problem.js';
import { scopeWhere, type TenantScope } from './tenant-scope.js';

/**
 * The SQL condition limiting raw-SQL reads of a store-owned resource to the actor's stores: nothing for tenant-wide
 * roles (and the system), `store_id in (...)` for store-scoped staff, 403 for roles that may not read it at all.
 */
export function storeAccessSql(
  scope: TenantScope,
  action: Action,
  subject: Exclude<SubjectName, 'all'>,
  column = 'store_id',
): { sql: string; params: string[] } | undefined {
  const where = scopeWhere(scope, action, subject);
  if (Object.keys(where).length === 0) return undefined;
  const stores = scope.actor?.storeIds ?? [];
  return stores.length ? { sql: `${column} in (${stores.map(() => '?').join(',')})`, params: stores } : { sql: 'false', params: [] };
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
