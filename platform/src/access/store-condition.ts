import { Problem } from '../common/problem.js';
import type { TenantScope } from '../common/tenant-scope.js';
import type { SubjectName } from './ability.js';
import { accessibleWhere } from './accessible-where.js';

/**
 * The SQL filter keeping store-scoped staff to the records of their own stores; `undefined` for tenant-wide roles
 * and the system, which read every store's. Lists and single reads both go through it, so a record of another store
 * is simply not found rather than refused (which would confirm it exists).
 */
export function storeCondition(
  scope: TenantScope,
  subject: Exclude<SubjectName, 'all'>,
  noun: string,
  column = 'store_id',
): { sql: string; params: string[] } | undefined {
  if (!scope.ability) return undefined;
  const where = accessibleWhere(scope.ability, 'read', subject);
  if (where === null) throw Problem.forbidden(`Your role does not allow you to read ${noun}.`);
  if (Object.keys(where).length === 0) return undefined;
  const stores = scope.actor?.storeIds ?? [];
  return stores.length ? { sql: `${column} in (${stores.map(() => '?').join(',')})`, params: stores } : { sql: 'false', params: [] };
}
