import type { AbilityRules } from '../access/ability.js';
import type { Actor } from '../access/actor.js';

/** Plugins hold the chain's gateway credentials: owners and admins configure them, auditors may look. */
export function pluginsPolicy({ can }: AbilityRules, actor: Actor): void {
  if (actor.roles.some((r) => r === 'owner' || r === 'admin')) can('manage', 'Plugin');
  if (actor.roles.includes('auditor')) can('read', 'Plugin');
}
