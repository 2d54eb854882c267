import { createHash } from 'node:crypto';

/** Razorpay refuses a receipt longer than this. */
export const RECEIPT_MAX_LENGTH = 40;

const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{10,}$/;

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

/**
 * The receipt of an order or refund for a Dawa id: the id when Razorpay accepts it, else a stable digest of it (the full id
 * always travels in the notes), so an unusually long id can still be paid or refunded.
 */
export function vendorReceipt(dawaId: string): string {
  return dawaId.length <= RECEIPT_MAX_LENGTH ? dawaId : digest(dawaId).slice(0, RECEIPT_MAX_LENGTH);
}

/**
 * `X-Refund-Idempotency` for a Dawa refund: Razorpay wants at least 10 letters, digits, hyphens or underscores. The
 * refund id is used as is when it qualifies, else a key derived from it, the same on every retry.
 */
export function refundIdempotencyKey(refundId: string): string {
  return IDEMPOTENCY_KEY.test(refundId) ? refundId : `dawa-refund-${digest(refundId).slice(0, 32)}`;
}

export function isIdempotencyKey(value: string): boolean {
  return IDEMPOTENCY_KEY.test(value);
}
