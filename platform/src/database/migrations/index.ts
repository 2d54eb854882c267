import type { Migration } from './migration.js';
import { platformRegistry } from './public/0001-platform-registry.js';
import { identityStoresAudit } from './tenant/0001-identity-stores-audit.js';
import { searchExtensions } from './public/0002-search-extensions.js';
import { tenantProvisioningRequest } from './public/0003-tenant-provisioning-request.js';
import { tenantProvisioningCatalogue } from './public/0004-tenant-provisioning-catalogue.js';
import { catalogStock } from './tenant/0002-catalog-stock.js';
import { pluginSettings } from './tenant/0003-plugin-settings.js';
import { sales } from './tenant/0004-sales.js';
import { returns } from './tenant/0005-returns.js';
import { prescriptionsRegisters } from './tenant/0006-prescriptions-registers.js';
import { cashSessions } from './tenant/0007-cash-sessions.js';
import { outbox } from './tenant/0008-outbox.js';
import { notifications } from './tenant/0009-notifications.js';
import { paymentsWebhooks } from './tenant/0010-payments-webhooks.js';
import { purchasing } from './tenant/0011-purchasing.js';
import { prescriptionReview } from './tenant/0012-prescription-review.js';
import { workflowRecovery } from './tenant/0013-workflow-recovery.js';

/** Migrations of the shared `public` schema, in order. */
export const publicMigrations: Migration[] = [platformRegistry, searchExtensions, tenantProvisioningRequest, tenantProvisioningCatalogue];

/** Migrations applied to every tenant schema, in order. Append only; never edit a released one. */
export const tenantMigrations: Migration[] = [
  identityStoresAudit,
  catalogStock,
  pluginSettings,
  sales,
  returns,
  prescriptionsRegisters,
  cashSessions,
  outbox,
  notifications,
  paymentsWebhooks,
  purchasing,
  prescriptionReview,
  workflowRecovery,
];
