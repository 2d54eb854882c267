import { Problem } from '../common/problem.js';

export const PAYMENT_METHODS = ['cash', 'card', 'upi', 'mpesa', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];
/** Methods a payment plugin can collect; the sale waits for them (`gateway: true`). */
export const GATEWAY_METHODS = ['card', 'upi', 'mpesa'] as const;

export interface PaymentInput {
  method: PaymentMethod;
  amount: number;
  reference?: string;
  /** Collected through a payment plugin after the sale is made: the sale waits for it (`awaiting_payment`). */
  gateway?: boolean;
}

/**
 * Payments must cover the total. Only cash can be overpaid (the drawer gives change); a card, UPI or M-Pesa amount
 * larger than what is due is a keying mistake the cashier must fix, not change to hand back. Gateway lines count
 * towards the total but are not paid yet: they are the sale's balance due.
 */
export function settle(
  payments: readonly PaymentInput[],
  total: number,
  format: (minor: number) => string,
): { paid: number; change: number; balanceDue: number } {
  const tendered = payments.reduce((sum, p) => sum + p.amount, 0);
  const nonCash = payments.filter((p) => p.method !== 'cash').reduce((sum, p) => sum + p.amount, 0);
  const balanceDue = payments.filter((p) => p.gateway).reduce((sum, p) => sum + p.amount, 0);
  if (tendered < total) {
    throw Problem.unprocessable(
      `Payments of ${format(tendered)} do not cover the total of ${format(total)}: ${format(total - tendered)} is still due.`,
      'payment-short',
      {
        total,
        paid: tendered,
        due: total - tendered,
      },
    );
  }
  if (nonCash > total) {
    throw Problem.unprocessable(
      `Card, UPI and M-Pesa payments (${format(nonCash)}) exceed the total of ${format(total)}; only cash can be overpaid.`,
      'payment-over',
      {
        total,
        nonCash,
      },
    );
  }
  return { paid: tendered - balanceDue, change: tendered - total, balanceDue };
}
