import type { SubjectName, Action } from '../access/ability.js';
import { TENANT_WIDE_ROLES } from '../access/roles.js';
import { Problem } from './problem.js';
import { assertCan, scopeWhere, type TenantScope } from './tenant-scope.js';

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

/**
 * Which stores a report covers: the store asked for (if the person may read that subject there), else the whole
 * chain, which only tenant-wide roles may ask for — store-scoped staff must name one of their stores.
 */
export function reportStores(
  scope: TenantScope,
  subject: Exclude<SubjectName, 'all'>,
  storeId: string | undefined,
  column: string,
): { sql: string; params: string[] } {
  if (storeId) {
    assertCan(scope, 'read', subject, { storeId });
    return { sql: `${column} = ?`, params: [storeId] };
  }
  const tenantWide = !scope.actor || scope.actor.roles.some((r) => TENANT_WIDE_ROLES.includes(r));
  if (!tenantWide) throw Problem.validation([{ field: 'storeId', message: 'choose one of your stores' }]);
  assertCan(scope, 'read', subject);
  return { sql: 'true', params: [] };
}
