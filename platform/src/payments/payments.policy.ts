import type { AbilityRules } from '../access/ability.js';
import type { Actor } from '../access/actor.js';

/**
 * Gateway payments are taken at the counter that made the sale: its cashiers, pharmacists and managers start, refresh
 * and read them there (`create` covers refreshing and cancelling); owners and admins anywhere; auditors read all.
 */
export function paymentsPolicy({ can }: AbilityRules, actor: Actor): void {
  const here = { storeId: { $in: actor.storeIds } };
  for (const role of actor.roles) {
    if (role === 'owner' || role === 'admin') can('manage', 'Payment');
    if (role === 'auditor') can('read', 'Payment');
    if (role === 'store_manager' || role === 'pharmacist' || role === 'cashier') can(['create', 'read'], 'Payment', here);
  }
}
