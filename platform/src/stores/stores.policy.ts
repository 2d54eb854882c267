import type { AbilityRules } from '../access/ability.js';
import type { Actor } from '../access/actor.js';

/** Who may do what to stores. Store-scoped roles see and change only the stores they are assigned to. */
export function storePolicy({ can }: AbilityRules, actor: Actor): void {
  const own = { id: { $in: actor.storeIds } };
  for (const role of actor.roles) {
    switch (role) {
      case 'owner':
      case 'admin':
        can('manage', 'Store');
        break;
      case 'auditor':
        can('read', 'Store');
        break;
      case 'store_manager':
        can(['read', 'update'], 'Store', own);
        break;
      case 'pharmacist':
      case 'cashier':
        can('read', 'Store', own);
        break;
    }
  }
}
