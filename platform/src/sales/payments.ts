import { Problem } from '../common/problem.js';

export const PAYMENT_METHODS = ['cash', 'card', 'upi', 'mpesa', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export interface PaymentInput {
  method: PaymentMethod;
  amount: number;
  reference?: string;
}

/**
 * Payments must cover the total. Only cash can be overpaid (the drawer gives change); a card, UPI or M-Pesa amount
 * larger than what is due is a keying mistake the cashier must fix, not change to hand back.
 */
export function settle(
  payments: readonly PaymentInput[],
  total: number,
  format: (minor: number) => string,
): { paid: number; change: number } {
  const paid = payments.reduce((sum, p) => sum + p.amount, 0);
  const nonCash = payments.filter((p) => p.method !== 'cash').reduce((sum, p) => sum + p.amount, 0);
  if (paid < total) {
    throw Problem.unprocessable(
      `Payments of ${format(paid)} do not cover the total of ${format(total)}: ${format(total - paid)} is still due.`,
      'payment-short',
      {
        total,
        paid,
        due: total - paid,
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
  return { paid, change: paid - total };
}
