import type { TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';

/** The active managers of a store, with the phone their notifications go to (if they gave one). */
export async function storeManagers(scope: TenantScope, storeId: string) {
  const s = ident(scope.tenant.schemaName);
  return scope.em.execute<{ id: string; name: string; phone: string | null }[]>(
    `select u.id, u.name, u.phone from ${s}.app_user u
     join ${s}.user_role r on r.user_id = u.id and r.role_name = 'store_manager'
     join ${s}.user_store us on us.user_id = u.id and us.store_id = ?
     where u.status = 'active' order by u.id`,
    [storeId],
  );
}
