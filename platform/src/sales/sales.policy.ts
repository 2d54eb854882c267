import type { AbilityRules } from '../access/ability.js';
import type { Actor } from '../access/actor.js';

/** Staff sell in the stores they are assigned to; owners and admins anywhere; auditors read every sale. */
export function salesPolicy({ can }: AbilityRules, actor: Actor): void {
  const here = { storeId: { $in: actor.storeIds } };
  for (const role of actor.roles) {
    if (role === 'owner' || role === 'admin') can('manage', 'Sale');
    if (role === 'auditor') can('read', 'Sale');
    if (role === 'store_manager' || role === 'pharmacist' || role === 'cashier') can(['create', 'read'], 'Sale', here);
  }
}
