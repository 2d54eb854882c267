import { Injectable } from '@nestjs/common';
import type { TenantScope } from '../common/tenant-scope.js';
import type { OutboxEvent, OutboxHandler } from '../outbox/outbox-handler.js';
import { PrescriptionsService } from '../prescriptions/prescriptions.service.js';
import type { PrescriptionDecisionRequest } from './notification-events.js';
import { NotificationSender } from './notification-sender.js';

/** Tells the patient a pharmacist approved (valid until when) or rejected (why) their prescription. */
@Injectable()
export class PrescriptionDecisionHandler implements OutboxHandler<PrescriptionDecisionRequest> {
  constructor(
    private readonly prescriptions: PrescriptionsService,
    private readonly sender: NotificationSender,
  ) {}

  async handle(event: OutboxEvent<PrescriptionDecisionRequest>, scope: TenantScope): Promise<void> {
    const { prescriptionId, decision } = event.payload;
    const notice = await this.prescriptions.decisionNotice(scope, prescriptionId);
    if (!notice?.patientPhone) return;
    await this.sender.deliver(scope, {
      businessKey: `prescription-${decision}:${prescriptionId}`,
      eventType: decision === 'approved' ? 'prescription.approved' : 'prescription.rejected',
      channel: 'sms',
      storeId: notice.storeId,
      recipient: notice.patientPhone,
      values: {
        chain: scope.tenant.name,
        store: notice.storeName,
        patientName: notice.patientName,
        validUntil: notice.validUntil ?? '',
        reason: notice.rejectionReason ?? '',
      },
    });
  }
}
