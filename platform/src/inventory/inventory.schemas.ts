import { z } from 'zod';
import { text, uuid } from '../common/validation.js';
import { parseExpiry } from './expiry.js';

/** A batch's expiry as printed: a day or a month (the end of it). */
export const expiry = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const parsed = parseExpiry(value);
    if (!parsed) ctx.addIssue({ code: 'custom', message: 'must be a date (2027-03-31) or a month (2027-03)' });
    return parsed ?? value;
  });
/** A manufacturer's batch (lot) number as printed on the pack. */
export const batchNo = text(40).pipe(
  z
    .string()
    .min(1, 'is required')
    .regex(/^[A-Za-z0-9][A-Za-z0-9\-/.]*$/, 'must be letters, digits, - / .'),
);
const quantity = z.number().int('must be a whole number of base units').min(1).max(10_000_000);
const money = z.number().int('must be whole minor units (paise, cents)').min(0).max(1_000_000_000);

export const receiptInput = z.strictObject({
  storeId: uuid(),
  reference: text(100).optional(),
  supplier: text(200).optional(),
  lines: z
    .array(
      z.strictObject({
        productId: uuid(),
        batchNo,
        expiry,
        quantity,
        cost: money,
        mrp: money,
      }),
    )
    .min(1, 'give at least one line')
    .max(500),
});
export type ReceiptInput = z.infer<typeof receiptInput>;

/**
 * Why a count changed, and which way each reason may move it: damage, write-offs and losses only take stock away,
 * found stock only adds, a count correction or "other" goes either way. `expired` is booked as an expiry write-off.
 */
export const ADJUSTMENT_REASONS = {
  damaged: { label: 'Damaged', direction: 'remove' },
  expired: { label: 'Expiry write-off', direction: 'remove' },
  count_correction: { label: 'Count correction', direction: 'either' },
  theft_or_loss: { label: 'Theft or loss', direction: 'remove' },
  found: { label: 'Found', direction: 'add' },
  sample: { label: 'Sample', direction: 'remove' },
  recalled: { label: 'Recalled', direction: 'remove' },
  other: { label: 'Other (explain in the note)', direction: 'either' },
} as const satisfies Record<string, { label: string; direction: 'remove' | 'add' | 'either' }>;
type AdjustmentReason = keyof typeof ADJUSTMENT_REASONS;
const reasonIds = Object.keys(ADJUSTMENT_REASONS) as [AdjustmentReason, ...AdjustmentReason[]];

export const adjustmentInput = z
  .strictObject({
    storeId: uuid(),
    batchId: uuid(),
    delta: z
      .number()
      .int('must be a whole number of base units')
      .refine((d) => d !== 0, 'must not be zero')
      .pipe(z.number().min(-10_000_000).max(10_000_000)),
    reason: z.enum(reasonIds, { message: `must be one of ${reasonIds.join(', ')}` }),
    note: text(500).optional(),
  })
  .refine((a) => a.reason !== 'other' || (a.note && a.note.length >= 3), {
    path: ['note'],
    message: 'explain the adjustment when the reason is "other"',
  })
  .refine((a) => ADJUSTMENT_REASONS[a.reason].direction !== 'add' || a.delta > 0, {
    path: ['delta'],
    message: 'stock that was found adds to the count',
  })
  .refine((a) => ADJUSTMENT_REASONS[a.reason].direction !== 'remove' || a.delta < 0, {
    path: ['delta'],
    message: 'this reason takes stock away, so delta must be negative',
  });
export type AdjustmentInput = z.infer<typeof adjustmentInput>;

export const transferInput = z
  .strictObject({
    fromStoreId: uuid(),
    toStoreId: uuid(),
    lines: z
      .array(z.strictObject({ productId: uuid(), quantity }))
      .min(1, 'give at least one line')
      .max(200),
    allowNearExpiry: z.boolean().default(false),
    note: text(500).optional(),
  })
  .refine((t) => t.fromStoreId !== t.toStoreId, { path: ['toStoreId'], message: 'must differ from fromStoreId' });
export type TransferInput = z.infer<typeof transferInput>;

export const transferReceiptInput = z.strictObject({
  lines: z
    .array(z.strictObject({ batchId: uuid(), quantityReceived: z.number().int().min(0).max(10_000_000) }))
    .min(1, 'give at least one line')
    .max(500),
  note: text(500).optional(),
});
export type TransferReceiptInput = z.infer<typeof transferReceiptInput>;

export const storeQuery = z.object({ storeId: uuid().optional() });
