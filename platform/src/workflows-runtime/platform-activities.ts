import type { INestApplicationContext } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { PurchasingActivities } from '../purchasing/purchasing.activities.js';
import { ProvisioningSteps } from '../tenancy/provisioning/provisioning-steps.js';
import { TenantRegistry } from '../tenancy/tenant-registry.service.js';
import { bindTenantActivities } from './tenant-activities.js';

/**
 * Every activity the worker offers, bound to its tenant. The activity interfaces are declared in `@dawa/workflows`;
 * a new workflow's implementation is added here.
 */
export function platformActivities(app: INestApplicationContext) {
  return bindTenantActivities(
    { ...app.get(ProvisioningSteps).activities(), ...app.get(PurchasingActivities).activities() },
    { registry: app.get(TenantRegistry), orm: app.get(MikroORM) },
  );
}
