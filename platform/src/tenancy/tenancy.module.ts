import { Module } from '@nestjs/common';
import { StoresModule } from '../stores/stores.module.js';
import { UsersModule } from '../users/users.module.js';
import { PlatformTenantsController } from './platform-tenants.controller.js';
import { ProvisioningService } from './provisioning.service.js';
import { TenantMigrationService } from './tenant-migration.service.js';
import { TenantBrandingController } from './tenant-branding.controller.js';
import { TenantBrandingService } from './tenant-branding.service.js';
import { TenantRegistry } from './tenant-registry.service.js';
import { TenantResolver } from './tenant-resolver.js';
import { TenantSettingsController } from './tenant-settings.controller.js';
import { TenantsService } from './tenants.service.js';

@Module({
  imports: [StoresModule, UsersModule],
  controllers: [PlatformTenantsController, TenantSettingsController, TenantBrandingController],
  providers: [TenantBrandingService, TenantRegistry, TenantResolver, ProvisioningService, TenantMigrationService, TenantsService],
  exports: [TenantRegistry, TenantResolver, ProvisioningService, TenantMigrationService, TenantsService],
})
export class TenancyModule {}
