import { Inject, Injectable } from '@nestjs/common';
import type { MessageStatusEvent } from '@dawa/plugin-sdk';
import type { Logger } from 'pino';
import type { TenantScope } from '../common/tenant-scope.js';
import { PLATFORM_LOGGER } from '../infrastructure/logger.provider.js';
import type { OutboxEvent, OutboxHandler } from '../outbox/outbox-handler.js';
import { settleInboxEvent } from '../webhooks/webhook-inbox.js';
import { applyDeliveryReport, fromVendorStatus } from './notification-records.js';

/** What the webhook ingress emits for each verified delivery-status callback of a messaging plugin. */
export interface MessageStatusReport {
  inboxId: string;
  plugin: string;
  event: Omit<MessageStatusEvent, 'occurredAt'> & { occurredAt: string };
}

/**
 * A callback can outrun the recording of the reference it is about (the vendor answers the send and calls back at
 * once): an unknown reference is retried a few times before it is taken to be some other sender's message.
 */
const UNKNOWN_REFERENCE_RETRIES = 3;

/** Moves a notification forward by the vendor's delivery reports, never backwards (see `applyDeliveryReport`). */
@Injectable()
export class MessageStatusHandler implements OutboxHandler<MessageStatusReport> {
  constructor(@Inject(PLATFORM_LOGGER) private readonly logger: Logger) {}

  async handle(event: OutboxEvent<MessageStatusReport>, scope: TenantScope): Promise<void> {
    const report = event.payload.event;
    const outcome = await applyDeliveryReport(scope.em, scope.tenant.schemaName, {
      providerRef: report.providerRef,
      status: fromVendorStatus(report.status),
      errorCode: report.errorCode,
    });
    const schema = scope.tenant.schemaName;
    if (outcome.found) return settleInboxEvent(scope.em, schema, event.payload.inboxId, 'processed', `delivery report: ${report.status}`);
    if (event.attempts < UNKNOWN_REFERENCE_RETRIES) throw new Error(`No notification was sent under ${report.providerRef} (yet)`);
    this.logger.warn(
      { tenant: scope.tenant.slug, plugin: event.payload.plugin, providerRef: report.providerRef },
      'delivery report for a message this chain did not send; ignored',
    );
    await settleInboxEvent(scope.em, schema, event.payload.inboxId, 'processed', 'no notification was sent under this reference; ignored');
  }
}
