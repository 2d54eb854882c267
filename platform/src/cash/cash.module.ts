import { Module } from '@nestjs/common';
import { CashSessionsController, DailySalesController } from './cash.controller.js';
import { CashSessionsService } from './cash-sessions.service.js';
import { DailySalesService } from './daily-sales.service.js';
import { SalesSummaryService } from './sales-summary.service.js';

/** End of day: the cash drawer's sessions the daily sales report and the sales summary behind the dashboard's charts. */
@Module({
  controllers: [CashSessionsController, DailySalesController],
  providers: [CashSessionsService, DailySalesService, SalesSummaryService],
})
export class CashModule {}
