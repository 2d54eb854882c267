import type { AbilityRules } from '../access/ability.js';
import type { Actor } from '../access/actor.js';

/**
 * Statutory registers are written only by sales. Pharmacists and managers read their stores' registers; owners,
 * admins and auditors (inspectors read registers) read every store's. Cashiers do not.
 */
export function registersPolicy({ can }: AbilityRules, actor: Actor): void {
  const here = { storeId: { $in: actor.storeIds } };
  for (const role of actor.roles) {
    if (role === 'owner' || role === 'admin' || role === 'auditor') can('read', 'Register');
    if (role === 'store_manager' || role === 'pharmacist') can('read', 'Register', here);
  }
}
