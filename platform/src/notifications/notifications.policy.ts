import type { AbilityRules } from '../access/ability.js';
import type { Actor } from '../access/actor.js';

/**
 * Owners and admins word the chain's messages, start the stock digests and see every notification; store managers
 * see their stores' notifications and the templates, and record a customer's opt-out (or lift it) at the counter;
 * auditors read everything. Opt-outs belong to the customer, not to a store, so they are tenant-wide.
 */
export function notificationsPolicy({ can }: AbilityRules, actor: Actor): void {
  for (const role of actor.roles) {
    switch (role) {
      case 'owner':
      case 'admin':
        can('manage', ['Notification', 'NotificationTemplate', 'NotificationOptOut']);
        break;
      case 'auditor':
        can('read', ['Notification', 'NotificationTemplate', 'NotificationOptOut']);
        break;
      case 'store_manager':
        can('read', 'Notification', { storeId: { $in: actor.storeIds } });
        can('read', 'NotificationTemplate');
        can(['create', 'read', 'delete'], 'NotificationOptOut');
        break;
    }
  }
}
