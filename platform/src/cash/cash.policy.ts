import type { AbilityRules } from '../access/ability.js';
import type { Actor } from '../access/actor.js';

/**
 * The cash drawer: the people at a store's counter (cashiers, pharmacists, managers) open and close its sessions and
 * see them; owners and admins do so anywhere; auditors read every session. Closing is an `update`.
 */
export function cashPolicy({ can }: AbilityRules, actor: Actor): void {
  const here = { storeId: { $in: actor.storeIds } };
  for (const role of actor.roles) {
    if (role === 'owner' || role === 'admin') can('manage', 'CashSession');
    if (role === 'auditor') can('read', 'CashSession');
    if (role === 'store_manager' || role === 'pharmacist' || role === 'cashier') can(['create', 'read', 'update'], 'CashSession', here);
  }
}
