import { Module, type DynamicModule } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuditModule } from './audit/audit.module.js';
import { CashModule } from './cash/cash.module.js';
import { CatalogModule } from './catalog/catalog.module.js';
import { ProblemFilter } from './common/problem.filter.js';
import { FilesModule } from './files/files.module.js';
import { HealthModule } from './health/health.module.js';
import { IdentityModule } from './identity/identity.module.js';
import { InventoryModule } from './inventory/inventory.module.js';
import { NotificationsModule } from './notifications/notifications.module.js';
import { OutboxModule } from './outbox/outbox.module.js';
import { PluginsModule } from './plugins/plugins.module.js';
import { PurchasingModule } from './purchasing/purchasing.module.js';
import { ReturnsModule } from './returns/returns.module.js';
import { SalesModule } from './sales/sales.module.js';
import { PrescriptionsModule } from './prescriptions/prescriptions.module.js';
import { RegistersModule } from './registers/registers.module.js';
import { CoreModule, type CoreDependencies } from './infrastructure/core.module.js';
import { SearchModule } from './search/search.module.js';
import { StoresModule } from './stores/stores.module.js';
import { TenancyModule } from './tenancy/tenancy.module.js';
import { UsersModule } from './users/users.module.js';
import { WorkflowsRuntimeModule } from './workflows-runtime/workflows-runtime.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { PaymentsModule } from './payments/payments.module.js';

@Module({})
export class AppModule {
  static register(deps: CoreDependencies): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.register(deps),
        WorkflowsRuntimeModule,
        OutboxModule,
        HealthModule,
        IdentityModule,
        TenancyModule,
        StoresModule,
        UsersModule,
        AuditModule,
        CatalogModule,
        InventoryModule,
        PluginsModule,
        SalesModule,
        ReturnsModule,
        PrescriptionsModule,
        RegistersModule,
        PurchasingModule,
        SearchModule,
        CashModule,
        NotificationsModule,
        FilesModule,
        WebhooksModule,
        PaymentsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
