import { Module } from '@nestjs/common';
import { PaymentsModule } from '../payments/payments.module.js';
import { PluginsModule } from '../plugins/plugins.module.js';
import { SalesModule } from '../sales/sales.module.js';
import { ReturnsController } from './returns.controller.js';
import { ReturnsService } from './returns.service.js';

@Module({ imports: [PluginsModule, PaymentsModule, SalesModule], controllers: [ReturnsController], providers: [ReturnsService] })
export class ReturnsModule {}
