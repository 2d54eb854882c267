import type { AbilityRules } from '../access/ability.js';
import type { Actor } from '../access/actor.js';

/**
 * Background events (notifications to send, webhooks to process) are an operations view: owners and admins see them
 * and retry a parked one (`update`); auditors read them.
 */
export function outboxPolicy({ can }: AbilityRules, actor: Actor): void {
  for (const role of actor.roles) {
    if (role === 'owner' || role === 'admin') can(['read', 'update'], 'OutboxEvent');
    if (role === 'auditor') can('read', 'OutboxEvent');
  }
}
