import type { OutboxMessage } from '../outbox/outbox.service.js';

/** What the platform notifies people about. Each has its own template and its own placeholders. */
export const NOTIFICATION_EVENTS = [
  'sale.receipt',
  'prescription.approved',
  'prescription.rejected',
  'prescription.expired',
  'prescription.info-requested',
  'prescription.escalated',
  'stock.digest',
  'supplier.order',
] as const;
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number];

export const NOTIFICATION_CHANNELS = ['sms'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** The `{{placeholders}}` a template of each event may use; anything else is refused when the template is saved. */
export const PLACEHOLDERS: Record<NotificationEvent, readonly string[]> = {
  'sale.receipt': ['chain', 'store', 'customerName', 'invoiceNo', 'date', 'total', 'items'],
  'prescription.approved': ['chain', 'store', 'patientName', 'validUntil'],
  'prescription.rejected': ['chain', 'store', 'patientName', 'reason'],
  'prescription.expired': ['chain', 'store', 'patientName'],
  'prescription.info-requested': ['chain', 'store', 'patientName', 'message'],
  'prescription.escalated': ['chain', 'store', 'managerName', 'reference', 'waitingMinutes'],
  'stock.digest': ['chain', 'store', 'date', 'managerName', 'lowStockCount', 'lowStock', 'expiringCount', 'expiring'],
  'supplier.order': ['chain', 'store', 'storeAddress', 'supplierName', 'poNumber', 'items', 'total'],
};

/** Outbox topics this module handles. */
export const TOPICS = {
  saleReceipt: 'notification.sale-receipt',
  prescriptionDecision: 'notification.prescription-decision',
  prescriptionInfoRequest: 'notification.prescription-info-request',
  prescriptionEscalation: 'notification.prescription-escalation',
  stockDigest: 'notification.stock-digest',
  purchaseOrderSent: 'notification.purchase-order-sent',
  /** Emitted by the webhook ingress for each verified delivery-status callback of a messaging plugin. */
  messageStatus: 'webhook.message-status',
} as const;

export interface SaleReceiptRequest {
  saleId: string;
}

export interface PrescriptionDecisionRequest {
  prescriptionId: string;
  /** `expired`: nobody decided within the tenant's review window. */
  decision: 'approved' | 'rejected' | 'expired';
}

export interface PrescriptionInfoRequest {
  prescriptionId: string;
  /** Which of the prescription's requests this is (1, 2, ...): each is told once. */
  requestNo: number;
}

export interface PrescriptionEscalationRequest {
  prescriptionId: string;
  /** Which unclaimed wait of the prescription was escalated (absent: the first). */
  escalation?: number;
}

export interface StockDigestRequest {
  storeId: string;
  /** The tenant's business date the digest is for. */
  date: string;
}

export interface PurchaseOrderSentRequest {
  purchaseOrderId: string;
}

/**
 * The outbox messages business writes emit in their own transaction. Payloads carry ids only: the handler reads the
 * record (and decrypts the recipient) when it sends, so no phone number sits in the outbox in clear.
 */
export const notificationRequests = {
  saleReceipt: (saleId: string): OutboxMessage<SaleReceiptRequest> => ({
    topic: TOPICS.saleReceipt,
    payload: { saleId },
    dedupeKey: saleId,
  }),
  prescriptionDecision: (
    prescriptionId: string,
    decision: PrescriptionDecisionRequest['decision'],
  ): OutboxMessage<PrescriptionDecisionRequest> => ({
    topic: TOPICS.prescriptionDecision,
    payload: { prescriptionId, decision },
    dedupeKey: prescriptionId,
  }),
  prescriptionInfoRequest: (prescriptionId: string, requestNo: number): OutboxMessage<PrescriptionInfoRequest> => ({
    topic: TOPICS.prescriptionInfoRequest,
    payload: { prescriptionId, requestNo },
    dedupeKey: `${prescriptionId}:${requestNo}`,
  }),
  prescriptionEscalation: (prescriptionId: string, escalation = 1): OutboxMessage<PrescriptionEscalationRequest> => ({
    topic: TOPICS.prescriptionEscalation,
    payload: { prescriptionId, escalation },
    dedupeKey: escalationKey(prescriptionId, escalation),
  }),
  stockDigest: (storeId: string, date: string): OutboxMessage<StockDigestRequest> => ({
    topic: TOPICS.stockDigest,
    payload: { storeId, date },
    dedupeKey: `${storeId}:${date}`,
  }),
  purchaseOrderSent: (purchaseOrderId: string): OutboxMessage<PurchaseOrderSentRequest> => ({
    topic: TOPICS.purchaseOrderSent,
    payload: { purchaseOrderId },
    dedupeKey: purchaseOrderId,
  }),
};

/** One escalation per unclaimed wait; the first keeps the key it had before waits were counted. */
export function escalationKey(prescriptionId: string, escalation = 1): string {
  return escalation > 1 ? `${prescriptionId}:${escalation}` : prescriptionId;
}
