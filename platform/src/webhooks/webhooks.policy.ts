import type { AbilityRules } from '../access/ability.js';
import type { Actor } from '../access/actor.js';

/**
 * The webhook inbox and the refused deliveries show what vendors told the chain about its money: owners and admins
 * read them to chase a stuck payment, auditors to check that nothing forged was acted on.
 */
export function webhooksPolicy({ can }: AbilityRules, actor: Actor): void {
  for (const role of actor.roles) {
    if (role === 'owner' || role === 'admin' || role === 'auditor') can('read', 'Webhook');
  }
}
