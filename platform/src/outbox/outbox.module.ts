import { Global, Module } from '@nestjs/common';
import { TenancyModule } from '../tenancy/tenancy.module.js';
import { OutboxAdminService } from './outbox-admin.service.js';
import { OutboxController } from './outbox.controller.js';
import { OutboxDispatcher } from './outbox-dispatcher.js';
import { OutboxListener } from './outbox-listener.js';
import { OutboxService } from './outbox.service.js';

/** The transactional outbox, available to every module: emit in a transaction, register a handler per topic. */
@Global()
@Module({
  imports: [TenancyModule],
  controllers: [OutboxController],
  providers: [OutboxService, OutboxDispatcher, OutboxListener, OutboxAdminService],
  exports: [OutboxService, OutboxDispatcher],
})
export class OutboxModule {}
