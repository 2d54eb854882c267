import type { AbilityRules } from '../access/ability.js';
import type { Actor } from '../access/actor.js';

/** The audit trail is read by owners, admins and auditors; nobody writes it through the API. */
export function auditPolicy({ can }: AbilityRules, actor: Actor): void {
  if (actor.roles.some((r) => r === 'owner' || r === 'admin' || r === 'auditor')) can('read', 'AuditLog');
}
