import type { MinorUnits } from './money.js';
import type { IncomingWebhook } from './webhook.js';

/**
 * The `payment` extension point: one gateway (Razorpay, M-Pesa, Stripe) for one tenant. Amounts are minor units of
 * the tenant's currency; the plugin converts where a vendor wants otherwise (M-Pesa takes whole shillings).
 */
export interface PaymentProvider {
  readonly methods: readonly PaymentMethod[];
  readonly currencies: readonly string[];
  /** Creates the vendor's order / intent / STK push for a payment Dawa has recorded as pending. */
  createPayment(request: CreatePaymentRequest): Promise<PaymentIntent>;
  /**
   * Verifies a webhook or callback (signature, or path token for unsigned vendors, always compared in constant time)
   * and turns it into typed events. Throws WebhookVerificationError when it does not verify; the host then stores
   * nothing. One delivery may carry several events; redeliveries carry the same event ids.
   */
  parseWebhook(webhook: IncomingWebhook): Promise<PaymentEvent[]>;
  /** Refunds (part of) a captured payment. Idempotent: the same refundId always means the same, single refund. */
  refund(request: RefundRequest): Promise<Refund>;
  /**
   * The vendor's current view of a payment, for reconciliation and for confirming an unsigned callback. `known` is
   * what Dawa recorded when it created the payment: vendors whose status query does not echo the amount (M-Pesa STK
   * query) report against it.
   */
  fetchStatus(providerRef: string, known?: { amount: MinorUnits; currency: string }): Promise<PaymentStatusReport>;
}

export type PaymentMethod = 'card' | 'upi' | 'mpesa' | 'netbanking' | 'wallet';

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled';

export interface CreatePaymentRequest {
  /** Dawa's payment id: the vendor's receipt/reference, and the idempotency key where the vendor has one. */
  paymentId: string;
  amount: MinorUnits;
  currency: string;
  method?: PaymentMethod;
  description: string;
  customer?: { name?: string; phone?: string; email?: string };
  /** Where the vendor should send this payment's webhooks or callbacks (carries the tenant's path token). */
  callbackUrl: string;
  metadata?: Readonly<Record<string, string>>;
}

/** What the customer or the POS has to do next to complete the payment. */
export type CustomerAction =
  | { type: 'none' }
  | { type: 'redirect'; url: string }
  /** Open the vendor's client-side checkout with these parameters (Razorpay order id and key id). */
  | { type: 'client_checkout'; parameters: Readonly<Record<string, string>> }
  /** Nothing to open: the customer completes on their own device (the M-Pesa PIN prompt). */
  | { type: 'await_customer'; message: string };

export interface PaymentIntent {
  /** The vendor's id for this payment attempt: order_…, ws_CO_…, pi_…. */
  providerRef: string;
  status: PaymentStatus;
  amount: MinorUnits;
  currency: string;
  action: CustomerAction;
}

export type PaymentEventType = 'payment.succeeded' | 'payment.failed' | 'payment.pending' | 'refund.succeeded' | 'refund.failed';

export interface PaymentEvent {
  /** Unique per vendor event: the inbox deduplicates on it. */
  eventId: string;
  type: PaymentEventType;
  providerRef: string;
  /** Dawa's id when the vendor echoes it back. */
  paymentId?: string;
  amount?: MinorUnits;
  currency?: string;
  /** The vendor's id of the captured payment or receipt (pay_…, M-Pesa receipt number). */
  providerPaymentId?: string;
  /** The payer's phone as the vendor reports it (M-Pesa), for matching an unsigned callback to the pending payment. */
  payerPhone?: string;
  refundRef?: string;
  failure?: { code: string; message: string };
  occurredAt: Date;
}

export interface RefundRequest {
  /** Dawa's refund id: repeating it never refunds twice. */
  refundId: string;
  providerRef: string;
  /** The captured payment or receipt being refunded, from the payment.succeeded event (M-Pesa needs the receipt). */
  providerPaymentId?: string;
  /** The payer's phone from the payment.succeeded event: M-Pesa pays a refund back to it (B2C). */
  payerPhone?: string;
  /** Where the vendor should send this refund's asynchronous result: the payment's callbackUrl (M-Pesa B2C). */
  callbackUrl?: string;
  amount: MinorUnits;
  currency: string;
  reason?: string;
}

export interface Refund {
  refundId: string;
  refundRef: string;
  status: 'pending' | 'succeeded' | 'failed';
  amount: MinorUnits;
}

export interface PaymentStatusReport {
  providerRef: string;
  status: PaymentStatus;
  amount: MinorUnits;
  amountPaid: MinorUnits;
  amountRefunded: MinorUnits;
  providerPaymentIds: string[];
}
