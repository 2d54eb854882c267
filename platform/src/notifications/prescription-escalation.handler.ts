import { Injectable } from '@nestjs/common';
import type { TenantScope } from '../common/tenant-scope.js';
import type { OutboxEvent, OutboxHandler } from '../outbox/outbox-handler.js';
import { PrescriptionsService } from '../prescriptions/prescriptions.service.js';
import { escalationKey, type PrescriptionEscalationRequest } from './notification-events.js';
import { NotificationSender } from './notification-sender.js';
import { storeManagers } from './store-managers.js';

/**
 * Tells a store's managers that a prescription has waited past the chain's limit without a pharmacist claiming it:
 * one message per manager per escalated wait.
 */
@Injectable()
export class PrescriptionEscalationHandler implements OutboxHandler<PrescriptionEscalationRequest> {
  constructor(
    private readonly prescriptions: PrescriptionsService,
    private readonly sender: NotificationSender,
  ) {}

  async handle(event: OutboxEvent<PrescriptionEscalationRequest>, scope: TenantScope): Promise<void> {
    const { prescriptionId, escalation } = event.payload;
    const notice = await this.prescriptions.notice(scope, prescriptionId);
    if (!notice) return;
    for (const manager of await storeManagers(scope, notice.storeId)) {
      await this.sender.deliver(scope, {
        businessKey: `prescription-escalated:${escalationKey(prescriptionId, escalation)}:${manager.id}`,
        eventType: 'prescription.escalated',
        channel: 'sms',
        storeId: notice.storeId,
        recipient: manager.phone ?? undefined,
        values: {
          chain: scope.tenant.name,
          store: notice.storeName,
          managerName: manager.name,
          reference: notice.reference,
          waitingMinutes: notice.waitedMinutes,
        },
      });
    }
  }
}
