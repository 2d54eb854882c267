import { Injectable, type OnModuleInit } from '@nestjs/common';
import { withEm, type TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { OutboxDispatcher } from '../outbox/outbox-dispatcher.js';
import type { OutboxEvent, OutboxHandler } from '../outbox/outbox-handler.js';
import { recordInboxFailure, settleInboxEvent } from '../webhooks/webhook-inbox.js';
import { PAYMENT_WEBHOOK_TOPIC, type PaymentWebhookMessage } from '../webhooks/webhook-topics.js';
import { PaymentEventsService } from './payment-events.service.js';

/** An event naming a payment not recorded yet is retried for about an hour (doubling backoff) before it is parked. */
const MAX_ATTEMPTS = 12;

/**
 * Processes stored payment webhooks from the outbox. The inbox row is locked and checked first, so an event the
 * outbox delivers again (a crash after the work, before the ack) finds it processed and changes nothing; the
 * event's effect and the inbox row's new status commit together.
 */
@Injectable()
export class PaymentWebhookHandler implements OutboxHandler<PaymentWebhookMessage>, OnModuleInit {
  constructor(
    private readonly dispatcher: OutboxDispatcher,
    private readonly events: PaymentEventsService,
  ) {}

  onModuleInit(): void {
    this.dispatcher.register(PAYMENT_WEBHOOK_TOPIC, this, { maxAttempts: MAX_ATTEMPTS });
  }

  async handle(message: OutboxEvent<PaymentWebhookMessage>, scope: TenantScope): Promise<void> {
    const { inboxId, plugin, event } = message.payload;
    const schema = scope.tenant.schemaName;
    try {
      await scope.em.transactional(async (em) => {
        const [row] = await em.execute<{ status: string }[]>(`select status from ${ident(schema)}.webhook_inbox where id = ? for update`, [
          inboxId,
        ]);
        if (!row || row.status !== 'received') return;
        const result = await this.events.apply(withEm(scope, em), plugin, event);
        await settleInboxEvent(em, schema, inboxId, result.status, result.outcome);
      });
    } catch (error) {
      await recordInboxFailure(scope.em, schema, inboxId, error);
      throw error;
    }
  }
}
