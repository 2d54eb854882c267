import { Module, type OnModuleInit } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module.js';
import { OutboxDispatcher } from '../outbox/outbox-dispatcher.js';
import { PluginsModule } from '../plugins/plugins.module.js';
import { PrescriptionsModule } from '../prescriptions/prescriptions.module.js';
import { MessageStatusHandler } from './message-status.handler.js';
import { TOPICS } from './notification-events.js';
import { NotificationSender } from './notification-sender.js';
import { NotificationTemplatesService } from './notification-templates.service.js';
import { NotificationsController, NotificationTemplatesController, OptOutsController } from './notifications.controller.js';
import { NotificationsService } from './notifications.service.js';
import { OptOutsService } from './opt-outs.service.js';
import { PrescriptionDecisionHandler } from './prescription-decision.handler.js';
import { SaleReceiptHandler } from './sale-receipt.handler.js';
import { StockDigestHandler } from './stock-digest.handler.js';
import { StockDigestsService } from './stock-digests.service.js';
import { SupplierOrderHandler } from './supplier-order.handler.js';

/**
 * Notifications are requested by business writes as outbox messages in their own transaction (see
 * `notificationRequests`) and sent here, after commit, by the outbox's handlers through the chain's messaging plugin.
 */
@Module({
  imports: [PluginsModule, PrescriptionsModule, InventoryModule],
  controllers: [NotificationsController, OptOutsController, NotificationTemplatesController],
  providers: [
    NotificationsService,
    NotificationTemplatesService,
    OptOutsService,
    NotificationSender,
    StockDigestsService,
    SaleReceiptHandler,
    PrescriptionDecisionHandler,
    StockDigestHandler,
    SupplierOrderHandler,
    MessageStatusHandler,
  ],
})
export class NotificationsModule implements OnModuleInit {
  constructor(
    private readonly dispatcher: OutboxDispatcher,
    private readonly saleReceipts: SaleReceiptHandler,
    private readonly prescriptionDecisions: PrescriptionDecisionHandler,
    private readonly stockDigests: StockDigestHandler,
    private readonly messageStatuses: MessageStatusHandler,
    private readonly supplierOrders: SupplierOrderHandler,
  ) {}

  onModuleInit(): void {
    this.dispatcher.register(TOPICS.saleReceipt, this.saleReceipts);
    this.dispatcher.register(TOPICS.prescriptionDecision, this.prescriptionDecisions);
    this.dispatcher.register(TOPICS.stockDigest, this.stockDigests);
    this.dispatcher.register(TOPICS.messageStatus, this.messageStatuses);
    this.dispatcher.register(TOPICS.purchaseOrderSent, this.supplierOrders);
  }
}
