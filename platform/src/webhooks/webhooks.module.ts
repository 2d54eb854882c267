import { Module } from '@nestjs/common';
import { PluginsModule } from '../plugins/plugins.module.js';
import { TenancyModule } from '../tenancy/tenancy.module.js';
import { WebhookBodyParser } from './webhook-body-parser.js';
import { WebhookIngressService } from './webhook-ingress.service.js';
import { WebhooksAdminService } from './webhooks-admin.service.js';
import { WebhooksController } from './webhooks.controller.js';

@Module({
  imports: [PluginsModule, TenancyModule],
  controllers: [WebhooksController],
  providers: [WebhookBodyParser, WebhookIngressService, WebhooksAdminService],
})
export class WebhooksModule {}
