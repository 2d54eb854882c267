import type { AbilityRules } from '../access/ability.js';
import type { Actor } from '../access/actor.js';

/** The catalogue is the chain's, kept centrally: owners and admins change it, everyone signed in reads it. */
export function catalogPolicy({ can }: AbilityRules, actor: Actor): void {
  can('read', 'Product');
  if (actor.roles.some((r) => r === 'owner' || r === 'admin')) {
    can('manage', 'Product');
    can('manage', 'ImportJob');
  }
  if (actor.roles.includes('auditor')) can('read', 'ImportJob');
}
