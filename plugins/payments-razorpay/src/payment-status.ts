import type { PaymentStatus, PaymentStatusReport } from '@dawa/plugin-sdk';
import type { RazorpayOrder, RazorpayPayment } from './razorpay-entities.js';

/** A payment whose money Razorpay holds for the merchant: captured, and possibly (partly) refunded since. */
export const isCaptured = (payment: RazorpayPayment) => payment.captured;

function statusOf(order: RazorpayOrder, payments: readonly RazorpayPayment[]): PaymentStatus {
  if (order.status === 'paid' || payments.some(isCaptured)) return 'succeeded';
  // Authorized but not captured is money reserved, not received: see the README on capture.
  if (payments.length > 0 && payments.every((payment) => payment.status === 'failed')) return 'failed';
  return 'pending';
}

/**
 * Razorpay's view of an order for reconciliation. An order can see several attempts (a failed UPI collect, then a
 * card): it is failed only while every attempt failed, since the customer may still retry on the same order.
 */
export function statusReport(order: RazorpayOrder, payments: readonly RazorpayPayment[]): PaymentStatusReport {
  const captured = payments.filter(isCaptured);
  return {
    providerRef: order.id,
    status: statusOf(order, payments),
    amount: order.amount,
    amountPaid: order.amount_paid,
    amountRefunded: captured.reduce((sum, payment) => sum + payment.amount_refunded, 0),
    providerPaymentIds: captured.map((payment) => payment.id),
  };
}
