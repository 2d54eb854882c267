import { Module } from '@nestjs/common';
import { PluginsModule } from '../plugins/plugins.module.js';
import { SalesModule } from '../sales/sales.module.js';
import { GatewayRefundsService } from './gateway-refunds.service.js';
import { PaymentEventsService } from './payment-events.service.js';
import { PaymentRefundHandler } from './payment-refund.handler.js';
import { PaymentSettlementService } from './payment-settlement.service.js';
import { PaymentWebhookHandler } from './payment-webhook.handler.js';
import { PaymentsController } from './payments.controller.js';
import { PaymentsService } from './payments.service.js';
import { ReconciliationService } from './reconciliation.service.js';
import { RefundSettlementService } from './refund-settlement.service.js';

@Module({
  imports: [PluginsModule, SalesModule],
  controllers: [PaymentsController],
  providers: [
    PaymentsService,
    PaymentSettlementService,
    RefundSettlementService,
    PaymentEventsService,
    PaymentWebhookHandler,
    GatewayRefundsService,
    PaymentRefundHandler,
    ReconciliationService,
  ],
  exports: [GatewayRefundsService],
})
export class PaymentsModule {}
