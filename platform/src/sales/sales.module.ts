import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { PluginsModule } from '../plugins/plugins.module.js';
import { PrescriptionsModule } from '../prescriptions/prescriptions.module.js';
import { RegistersModule } from '../registers/registers.module.js';
import { SaleDocumentsController } from './sale-documents.controller.js';
import { SaleDocumentsService } from './sale-documents.service.js';
import { SalesController } from './sales.controller.js';
import { SalesService } from './sales.service.js';
import { SaleSettlementService } from './sale-settlement.service.js';

@Module({
  imports: [CatalogModule, PluginsModule, PrescriptionsModule, RegistersModule],
  controllers: [SalesController, SaleDocumentsController],
  providers: [SalesService, SaleDocumentsService, SaleSettlementService],
  exports: [SalesService, SaleDocumentsService, SaleSettlementService],
})
export class SalesModule {}
