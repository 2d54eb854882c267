import type { AbilityRules } from '../access/ability.js';
import type { Actor } from '../access/actor.js';

/**
 * Returns are taken at the counter of the store that made the sale: its cashiers, pharmacists and managers take and
 * read them there; owners and admins anywhere; auditors read every one. Conditions name `storeId` so lists filter in
 * SQL.
 */
export function returnsPolicy({ can }: AbilityRules, actor: Actor): void {
  const here = { storeId: { $in: actor.storeIds } };
  for (const role of actor.roles) {
    if (role === 'owner' || role === 'admin') can('manage', 'SaleReturn');
    if (role === 'auditor') can('read', 'SaleReturn');
    if (role === 'store_manager' || role === 'pharmacist' || role === 'cashier') can(['create', 'read'], 'SaleReturn', here);
  }
}
