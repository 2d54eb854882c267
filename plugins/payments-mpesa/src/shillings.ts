import type { FieldIssue } from '@dawa/plugin-sdk';

/** Whole shillings, as M-Pesa moves no cents; issues name the field when the request cannot be sent. */
export function wholeShillings(amount: number, field: string, issues: FieldIssue[]): number {
  if (!Number.isInteger(amount) || amount <= 0 || amount % 100 !== 0) {
    issues.push({ field, message: 'M-Pesa takes whole shillings: a positive amount in cents divisible by 100' });
  }
  return amount / 100;
}

export function requireKes(currency: string, issues: FieldIssue[]): void {
  if (currency !== 'KES') issues.push({ field: 'currency', message: `M-Pesa pays in KES, not ${currency}` });
}
