import { auditPolicy } from '../audit/audit.policy.js';
import { cashPolicy } from '../cash/cash.policy.js';
import { catalogPolicy } from '../catalog/catalog.policy.js';
import { inventoryPolicy } from '../inventory/inventory.policy.js';
import { notificationsPolicy } from '../notifications/notifications.policy.js';
import { outboxPolicy } from '../outbox/outbox.policy.js';
import { pluginsPolicy } from '../plugins/plugins.policy.js';
import { purchasingPolicy } from '../purchasing/purchasing.policy.js';
import { returnsPolicy } from '../returns/returns.policy.js';
import { prescriptionsPolicy } from '../prescriptions/prescriptions.policy.js';
import { registersPolicy } from '../registers/registers.policy.js';
import { salesPolicy } from '../sales/sales.policy.js';
import { storePolicy } from '../stores/stores.policy.js';
import { tenantSettingsPolicy } from '../tenancy/tenant-settings.policy.js';
import { userPolicy } from '../users/users.policy.js';
import { webhooksPolicy } from '../webhooks/webhooks.policy.js';
import { paymentsPolicy } from '../payments/payments.policy.js';
import { buildAbility, newAbilityBuilder, type AbilityRules, type AppAbility } from './ability.js';
import type { Actor } from './actor.js';

/** Each module contributes the rules for its own subjects; a new module adds its policy here. */
const policies: Array<(rules: AbilityRules, actor: Actor) => void> = [
  storePolicy,
  userPolicy,
  auditPolicy,
  tenantSettingsPolicy,
  catalogPolicy,
  inventoryPolicy,
  pluginsPolicy,
  salesPolicy,
  returnsPolicy,
  prescriptionsPolicy,
  registersPolicy,
  cashPolicy,
  notificationsPolicy,
  outboxPolicy,
  webhooksPolicy,
  paymentsPolicy,
  purchasingPolicy,
];

export function abilityFor(actor: Actor): AppAbility {
  const builder = newAbilityBuilder();
  for (const policy of policies) policy(builder, actor);
  return buildAbility(builder);
}
