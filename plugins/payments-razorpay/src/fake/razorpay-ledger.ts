import type {
  RazorpayNotes,
  RazorpayOrder,
  RazorpayPayment,
  RazorpayPaymentMethod,
  RazorpayRefund,
  RazorpayWebhookEvent,
} from '../razorpay-entities.js';
import { isIdempotencyKey, RECEIPT_MAX_LENGTH } from '../vendor-keys.js';
import { badRequest, idDoesNotExist } from './fake-errors.js';
import { razorpayId } from './vendor-ids.js';

/** The smallest amount Razorpay takes or refunds: ₹1.00. */
const MINIMUM_AMOUNT = 100;
const CURRENCIES = ['INR'];
const PAYMENT_METHODS: readonly RazorpayPaymentMethod[] = ['upi', 'card', 'netbanking', 'wallet'];

interface FakeOrder extends RazorpayOrder {
  /** `payment_capture: false` or `payment.capture: "manual"` at creation leaves payments authorized. */
  autoCapture: boolean;
}

/** A webhook the vendor would send, before it is signed: the event name and the entities it carries. */
export interface PendingEvent {
  event: string;
  payload: RazorpayWebhookEvent['payload'];
}

export type PaymentOutcome = 'success' | 'failure';

const now = () => Math.floor(Date.now() / 1000);
const snapshot = <T>(value: T): T => structuredClone(value);
const sumOf = (amounts: number[]) => amounts.reduce((sum, amount) => sum + amount, 0);

function asObject(body: unknown): Record<string, unknown> {
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

function checkedAmount(value: unknown): number {
  if (value === undefined || value === null) throw badRequest('The amount field is required.', 'amount');
  if (typeof value !== 'number' || !Number.isInteger(value)) throw badRequest('The amount must be an integer.', 'amount');
  if (value < MINIMUM_AMOUNT) throw badRequest('The amount must be at least INR 1.00', 'amount');
  return value;
}

function checkedNotes(value: unknown): RazorpayNotes {
  if (value === undefined) return [];
  const notes = asObject(value);
  if (Object.keys(notes).length > 15) throw badRequest('Number of notes can not be more than 15', 'notes');
  return Object.keys(notes).length ? (snapshot(notes) as Record<string, string>) : [];
}

function autoCaptureOf(body: Record<string, unknown>): boolean {
  const capture = asObject(body.payment).capture;
  if (capture !== undefined) return capture !== 'manual';
  return body.payment_capture === undefined || Boolean(body.payment_capture);
}

/**
 * The state of a fake Razorpay account and the rules the real API applies to it: orders, the payments customers make
 * on them, capture, refunds (deduplicated on X-Refund-Idempotency), and the webhook events each change causes.
 */
export class RazorpayLedger {
  private readonly orders = new Map<string, FakeOrder>();
  private readonly payments = new Map<string, RazorpayPayment>();
  private readonly refunds = new Map<string, RazorpayRefund>();
  private readonly refundsByKey = new Map<string, { refundId: string; request: string }>();

  createOrder(input: unknown): RazorpayOrder {
    const body = asObject(input);
    const amount = checkedAmount(body.amount);
    if (body.currency === undefined) throw badRequest('The currency field is required.', 'currency');
    if (typeof body.currency !== 'string' || !CURRENCIES.includes(body.currency)) throw badRequest('Currency is not supported', 'currency');
    if (body.receipt !== undefined && typeof body.receipt !== 'string') throw badRequest('The receipt must be a string.', 'receipt');
    if (typeof body.receipt === 'string' && body.receipt.length > RECEIPT_MAX_LENGTH) {
      throw badRequest(`The receipt may not be greater than ${RECEIPT_MAX_LENGTH} characters.`, 'receipt');
    }
    const order: FakeOrder = {
      id: razorpayId('order'),
      entity: 'order',
      amount,
      amount_paid: 0,
      amount_due: amount,
      currency: body.currency,
      receipt: body.receipt ?? null,
      offer_id: null,
      status: 'created',
      attempts: 0,
      notes: checkedNotes(body.notes),
      created_at: now(),
      autoCapture: autoCaptureOf(body),
    };
    this.orders.set(order.id, order);
    return this.order(order.id);
  }

  order(orderId: string): RazorpayOrder {
    const { autoCapture: _, ...order } = this.fakeOrder(orderId);
    return snapshot(order);
  }

  orderPayments(orderId: string): RazorpayPayment[] {
    this.fakeOrder(orderId);
    return [...this.payments.values()].filter((payment) => payment.order_id === orderId).map(snapshot);
  }

  payment(paymentId: string): RazorpayPayment {
    return snapshot(this.fakePayment(paymentId));
  }

  paymentRefunds(paymentId: string): RazorpayRefund[] {
    this.fakePayment(paymentId);
    return [...this.refunds.values()].filter((refund) => refund.payment_id === paymentId).map(snapshot);
  }

  refund(refundId: string): RazorpayRefund {
    const refund = this.refunds.get(refundId);
    if (!refund) throw idDoesNotExist();
    return snapshot(refund);
  }

  /** What the account has refunded, or is refunding, on an order's payments. */
  refundedOnOrder(orderId: string): number {
    return sumOf(this.orderPayments(orderId).map((payment) => payment.amount_refunded));
  }

  pendingRefundIds(): string[] {
    return [...this.refunds.values()].filter((refund) => refund.status === 'pending').map((refund) => refund.id);
  }

  /** The customer completes (or fails) Checkout for an order: one payment attempt. */
  pay(orderId: string, method: RazorpayPaymentMethod = 'upi', outcome: PaymentOutcome = 'success') {
    const order = this.fakeOrder(orderId);
    if (order.status === 'paid') throw badRequest('Order has already been paid');
    if (!PAYMENT_METHODS.includes(method)) throw badRequest('Invalid payment method', 'method');
    const failed = outcome === 'failure';
    const payment: RazorpayPayment = {
      id: razorpayId('pay'),
      entity: 'payment',
      amount: order.amount,
      currency: order.currency,
      status: failed ? 'failed' : 'authorized',
      order_id: order.id,
      invoice_id: null,
      international: false,
      method,
      amount_refunded: 0,
      refund_status: null,
      captured: false,
      description: null,
      card_id: method === 'card' ? `card_${razorpayId('pay').slice(4)}` : null,
      bank: method === 'netbanking' ? 'HDFC' : null,
      wallet: method === 'wallet' ? 'paytm' : null,
      vpa: method === 'upi' ? (failed ? 'failure@razorpay' : 'success@razorpay') : null,
      email: 'void@razorpay.com',
      contact: '+919000090000',
      notes: [],
      fee: null,
      tax: null,
      error_code: failed ? 'BAD_REQUEST_ERROR' : null,
      error_description: failed ? "Your payment didn't go through as it was declined by the bank." : null,
      error_source: failed ? 'bank' : null,
      error_step: failed ? 'payment_authorization' : null,
      error_reason: failed ? 'payment_failed' : null,
      acquirer_data: method === 'upi' ? { rrn: String(100_000_000_000 + this.payments.size) } : {},
      created_at: now(),
    };
    this.payments.set(payment.id, payment);
    order.attempts += 1;
    order.status = 'attempted';
    if (failed) return { payment: this.payment(payment.id), events: [this.event('payment.failed', payment)] };
    if (!order.autoCapture) return { payment: this.payment(payment.id), events: [this.event('payment.authorized', payment)] };
    return { payment: this.payment(payment.id), events: this.captureAuthorized(payment) };
  }

  capture(paymentId: string, input: unknown) {
    const payment = this.fakePayment(paymentId);
    const body = asObject(input);
    if (payment.captured) throw badRequest('This payment has already been captured');
    if (payment.status !== 'authorized') throw badRequest('Only payments which have been authorized and not yet captured can be captured');
    if (checkedAmount(body.amount) !== payment.amount) throw badRequest('Capture amount must be equal to the amount authorized', 'amount');
    if (body.currency !== undefined && body.currency !== payment.currency) {
      throw badRequest('Currency should be same as payment currency', 'currency');
    }
    const events = this.captureAuthorized(payment);
    return { payment: this.payment(paymentId), events };
  }

  /**
   * Refunds a captured payment. A repeated X-Refund-Idempotency key returns the refund it made the first time, and
   * refuses a different request under the same key, as Razorpay does.
   */
  createRefund(paymentId: string, input: unknown, idempotencyKey?: string): RazorpayRefund {
    const payment = this.fakePayment(paymentId);
    const body = asObject(input);
    const request = JSON.stringify([paymentId, body]);
    if (idempotencyKey !== undefined) {
      if (!isIdempotencyKey(idempotencyKey)) {
        throw badRequest('The idempotency key must be at least 10 characters: letters, digits, hyphens and underscores only');
      }
      const earlier = this.refundsByKey.get(idempotencyKey);
      if (earlier && earlier.request !== request)
        throw badRequest('Different request with the same idempotency key has already been processed.');
      if (earlier) return this.refund(earlier.refundId);
    }
    if (!payment.captured) throw badRequest('Only captured payments can be refunded');
    const refundable = payment.amount - payment.amount_refunded;
    const amount = body.amount === undefined ? refundable : checkedAmount(body.amount);
    if (amount > refundable) throw badRequest('The total refund amount is greater than the refund payment amount', 'amount');
    const refund: RazorpayRefund = {
      id: razorpayId('rfnd'),
      entity: 'refund',
      amount,
      currency: payment.currency,
      payment_id: payment.id,
      notes: checkedNotes(body.notes),
      receipt: typeof body.receipt === 'string' ? body.receipt : null,
      acquirer_data: { arn: null },
      created_at: now(),
      batch_id: null,
      status: 'pending',
      speed_processed: 'normal',
      speed_requested: 'normal',
    };
    this.refunds.set(refund.id, refund);
    if (idempotencyKey !== undefined) this.refundsByKey.set(idempotencyKey, { refundId: refund.id, request });
    this.bookRefunded(payment, amount);
    return this.refund(refund.id);
  }

  /** The bank's answer on a pending refund; a failed refund gives the amount back to the payment. */
  settleRefund(refundId: string, outcome: 'processed' | 'failed'): PendingEvent[] {
    const refund = this.refunds.get(refundId);
    if (!refund) throw idDoesNotExist();
    if (refund.status !== 'pending') return [];
    refund.status = outcome;
    const payment = this.fakePayment(refund.payment_id);
    if (outcome === 'processed') refund.acquirer_data.arn = String(7_000_000_000 + this.refunds.size);
    else this.bookRefunded(payment, -refund.amount);
    return [{ event: `refund.${outcome}`, payload: { refund: { entity: snapshot(refund) }, payment: { entity: snapshot(payment) } } }];
  }

  private bookRefunded(payment: RazorpayPayment, amount: number): void {
    payment.amount_refunded += amount;
    const full = payment.amount_refunded === payment.amount;
    payment.refund_status = payment.amount_refunded === 0 ? null : full ? 'full' : 'partial';
    payment.status = full ? 'refunded' : 'captured';
  }

  private captureAuthorized(payment: RazorpayPayment): PendingEvent[] {
    const order = this.fakeOrder(payment.order_id!);
    payment.status = 'captured';
    payment.captured = true;
    payment.fee = Math.round(payment.amount * 0.02);
    payment.tax = Math.round(payment.fee * 0.18);
    order.status = 'paid';
    order.amount_paid = payment.amount;
    order.amount_due = 0;
    return [
      this.event('payment.captured', payment),
      {
        ...this.event('order.paid', payment),
        payload: { payment: { entity: snapshot(payment) }, order: { entity: this.order(order.id) } },
      },
    ];
  }

  private event(event: string, payment: RazorpayPayment): PendingEvent {
    return { event, payload: { payment: { entity: snapshot(payment) } } };
  }

  private fakeOrder(orderId: string): FakeOrder {
    const order = this.orders.get(orderId);
    if (!order) throw idDoesNotExist();
    return order;
  }

  private fakePayment(paymentId: string): RazorpayPayment {
    const payment = this.payments.get(paymentId);
    if (!payment) throw idDoesNotExist();
    return payment;
  }
}
