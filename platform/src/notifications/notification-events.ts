import type { OutboxMessage } from '../outbox/outbox.service.js';

/** What the platform notifies people about. Each has its own template and its own placeholders. */
export const NOTIFICATION_EVENTS = [
  'sale.receipt',
  'prescription.approved',
  'prescription.rejected',
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
  'stock.digest': ['chain', 'store', 'date', 'managerName', 'lowStockCount', 'lowStock', 'expiringCount', 'expiring'],
  'supplier.order': ['chain', 'store', 'storeAddress', 'supplierName', 'poNumber', 'items', 'total'],
};

/** Outbox topics this module handles. */
export const TOPICS = {
  saleReceipt: 'notification.sale-receipt',
  prescriptionDecision: 'notification.prescription-decision',
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
  decision: 'approved' | 'rejected';
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
