import { defineQuery, defineSignal } from '@temporalio/workflow';
import type { TenantActivityInput } from '../tenant-activity.js';

export interface PurchaseOrderWorkflowInput {
  tenantId: string;
  purchaseOrderId: string;
}

export type PurchaseOrderActivityInput = TenantActivityInput & { purchaseOrderId: string };

/** What the workflow needs to know of its order. The database stays the truth: the workflow re-reads it after every change. */
export interface PurchaseOrderFacts {
  status: 'draft' | 'pending_approval' | 'approved' | 'sent' | 'partially_received' | 'received' | 'closed' | 'cancelled';
  invoiceMatch: 'matched' | 'mismatch' | 'approved' | null;
  /** When receiving gives up and the unreceived quantities are cancelled (ISO); null until the order is sent. */
  receiptDeadline: string | null;
}

/**
 * The purchasing activities, implemented by the platform. Each is keyed by the order id and safe to repeat: sending
 * again notifies nobody twice, cancelling or closing again changes nothing.
 */
export interface PurchaseOrderActivities {
  purchaseOrderFacts(input: PurchaseOrderActivityInput): Promise<PurchaseOrderFacts>;
  sendPurchaseOrder(input: PurchaseOrderActivityInput): Promise<PurchaseOrderFacts>;
  cancelUnreceivedLines(input: PurchaseOrderActivityInput): Promise<PurchaseOrderFacts>;
  closePurchaseOrder(input: PurchaseOrderActivityInput): Promise<PurchaseOrderFacts>;
}

export type PurchaseOrderStage =
  'awaiting_approval' | 'sending' | 'awaiting_goods' | 'cancelling_unreceived' | 'awaiting_invoice' | 'closing' | 'done';

export interface PurchaseOrderProgress {
  stage: PurchaseOrderStage;
  facts: PurchaseOrderFacts | null;
}

/** Sent by the platform after each change it committed to the order (approval, receipt, invoice, invoice approval). */
/** Days after sending at which a new chain's orders cancel what has not arrived (tenant settings may change it). */
export const DEFAULT_UNRECEIVED_CANCEL_AFTER_DAYS = 14;

export const purchaseOrderChangedSignal = defineSignal('purchaseOrderChanged');
export const purchaseOrderProgressQuery = defineQuery<PurchaseOrderProgress>('purchaseOrderProgress');

export interface NightlyReorderInput {
  tenantId: string;
}

export interface ReorderActivities {
  reorderStoreIds(input: TenantActivityInput): Promise<string[]>;
  /** Drafts the store's reorder purchase orders for the tenant's business day; idempotent per store and day. */
  draftReorderForStore(input: TenantActivityInput & { storeId: string }): Promise<{ date: string; created: number }>;
}
