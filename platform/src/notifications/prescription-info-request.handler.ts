import { Injectable } from '@nestjs/common';
import type { TenantScope } from '../common/tenant-scope.js';
import type { OutboxEvent, OutboxHandler } from '../outbox/outbox-handler.js';
import { PrescriptionsService } from '../prescriptions/prescriptions.service.js';
import type { PrescriptionInfoRequest } from './notification-events.js';
import { NotificationSender } from './notification-sender.js';

/** Passes a pharmacist's question about a prescription to the patient: once per request, however often redelivered. */
@Injectable()
export class PrescriptionInfoRequestHandler implements OutboxHandler<PrescriptionInfoRequest> {
  constructor(
    private readonly prescriptions: PrescriptionsService,
    private readonly sender: NotificationSender,
  ) {}

  async handle(event: OutboxEvent<PrescriptionInfoRequest>, scope: TenantScope): Promise<void> {
    const { prescriptionId, requestNo } = event.payload;
    const notice = await this.prescriptions.notice(scope, prescriptionId);
    if (!notice?.patientPhone || !notice.infoRequest) return;
    await this.sender.deliver(scope, {
      businessKey: `prescription-info-request:${prescriptionId}:${requestNo}`,
      eventType: 'prescription.info-requested',
      channel: 'sms',
      storeId: notice.storeId,
      recipient: notice.patientPhone,
      values: { chain: scope.tenant.name, store: notice.storeName, patientName: notice.patientName, message: notice.infoRequest },
    });
  }
}
