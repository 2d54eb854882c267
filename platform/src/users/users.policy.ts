import type { AbilityRules } from '../access/ability.js';
import type { Actor } from '../access/actor.js';
import type { RoleName } from '../access/roles.js';

/**
 * Who may do what to staff accounts. Store-scoped roles see colleagues who share one of their stores; a store
 * manager also hires and edits staff there, limited by `assignableRoles`.
 */
export function userPolicy({ can }: AbilityRules, actor: Actor): void {
  const colleagues = { stores: { $in: actor.storeIds } };
  for (const role of actor.roles) {
    switch (role) {
      case 'owner':
      case 'admin':
        can('manage', 'User');
        break;
      case 'auditor':
        can('read', 'User');
        break;
      case 'store_manager':
        can(['read', 'create', 'update', 'delete'], 'User', colleagues);
        break;
      case 'pharmacist':
      case 'cashier':
        can('read', 'User', colleagues);
        can('read', 'User', { id: actor.id });
        break;
    }
  }
}

/** The roles an actor may give to (or take from) someone: never more than they hold. */
export function assignableRoles(actor: Actor): RoleName[] {
  if (actor.roles.includes('owner')) return ['owner', 'admin', 'store_manager', 'pharmacist', 'cashier', 'auditor'];
  if (actor.roles.includes('admin')) return ['admin', 'store_manager', 'pharmacist', 'cashier', 'auditor'];
  if (actor.roles.includes('store_manager')) return ['pharmacist', 'cashier'];
  return [];
}
