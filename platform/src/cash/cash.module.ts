import { Module } from '@nestjs/common';
import { CashSessionsController, DailySalesController } from './cash.controller.js';
import { CashSessionsService } from './cash-sessions.service.js';
import { DailySalesService } from './daily-sales.service.js';

/** End of day: the cash drawer's sessions and the daily sales report. */
@Module({ controllers: [CashSessionsController, DailySalesController], providers: [CashSessionsService, DailySalesService] })
export class CashModule {}
