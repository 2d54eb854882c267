import { Module } from '@nestjs/common';
import { InventoryReportsController } from './inventory-reports.controller.js';
import { InventoryReportsService } from './inventory-reports.service.js';
import { StockController } from './stock.controller.js';
import { StockService } from './stock.service.js';
import { TransfersController } from './transfers.controller.js';
import { TransfersService } from './transfers.service.js';

@Module({
  controllers: [StockController, TransfersController, InventoryReportsController],
  providers: [StockService, TransfersService, InventoryReportsService],
  exports: [StockService, InventoryReportsService],
})
export class InventoryModule {}
