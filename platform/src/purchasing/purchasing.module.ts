import { Module } from '@nestjs/common';
import { GoodsReceiptsService } from './goods-receipts/goods-receipts.service.js';
import { PurchaseOrderWorkflow } from './purchase-orders/purchase-order-workflow.js';
import { PurchasingActivities } from './purchasing.activities.js';
import { ReorderScheduleService } from './reorder/reorder-schedule.service.js';
import { PurchaseOrdersController } from './purchase-orders/purchase-orders.controller.js';
import { PurchaseOrdersService } from './purchase-orders/purchase-orders.service.js';
import { ReorderController } from './reorder/reorder.controller.js';
import { ReorderService } from './reorder/reorder.service.js';
import { SupplierInvoicesService } from './supplier-invoices/supplier-invoices.service.js';
import { SupplierReturnsController } from './supplier-returns/supplier-returns.controller.js';
import { SupplierReturnsService } from './supplier-returns/supplier-returns.service.js';
import { SuppliersController } from './suppliers/suppliers.controller.js';
import { SuppliersService } from './suppliers/suppliers.service.js';

/**
 * Suppliers, purchase orders, goods receipts (through the inventory ledger), supplier invoices with their three-way
 * match, supplier returns with credit notes, and reorder suggestions. Every state change a workflow drives is a
 * service operation keyed by ids and safe to repeat.
 */
@Module({
  controllers: [ReorderController, SuppliersController, PurchaseOrdersController, SupplierReturnsController],
  providers: [
    SuppliersService,
    PurchaseOrdersService,
    GoodsReceiptsService,
    SupplierInvoicesService,
    SupplierReturnsService,
    ReorderService,
    ReorderScheduleService,
    PurchaseOrderWorkflow,
    PurchasingActivities,
  ],
  exports: [PurchasingActivities, ReorderScheduleService, PurchaseOrderWorkflow],
})
export class PurchasingModule {}
