import { Module } from '@nestjs/common';
import { CatalogImportModule } from '../catalog/import/import.module.js';
import { PurchasingModule } from '../purchasing/purchasing.module.js';
import { StoresModule } from '../stores/stores.module.js';
import { UsersModule } from '../users/users.module.js';
import { PlatformTenantsController } from './platform-tenants.controller.js';
import { PluginsModule } from '../plugins/plugins.module.js';
import { ProvisioningRequests } from './provisioning/provisioning-request.store.js';
import { ProvisioningService } from './provisioning/provisioning.service.js';
import { ProvisioningSteps } from './provisioning/provisioning-steps.js';
import { TenantMigrationService } from './tenant-migration.service.js';
import { TenantBrandingController } from './tenant-branding.controller.js';
import { TenantBrandingService } from './tenant-branding.service.js';
import { TenantHealthService } from './tenant-health.service.js';
import { TenantRegistry } from './tenant-registry.service.js';
import { TenantResolver } from './tenant-resolver.js';
import { TenantSettingsController } from './tenant-settings.controller.js';
import { TenantsService } from './tenants.service.js';

@Module({
  imports: [StoresModule, UsersModule, PluginsModule, CatalogImportModule, PurchasingModule],
  controllers: [PlatformTenantsController, TenantSettingsController, TenantBrandingController],
  providers: [
    TenantBrandingService,
    TenantHealthService,
    TenantRegistry,
    TenantResolver,
    ProvisioningRequests,
    ProvisioningService,
    ProvisioningSteps,
    TenantMigrationService,
    TenantsService,
  ],
  exports: [TenantRegistry, TenantResolver, ProvisioningService, ProvisioningSteps, TenantMigrationService, TenantsService],
})
export class TenancyModule {}
