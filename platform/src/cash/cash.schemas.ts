import { z } from 'zod';
import { daysBetween } from '../inventory/expiry.js';
import { text, uuid } from '../common/validation.js';

/** Amounts in minor units (paise, cents), as everywhere in the API. */
const minorUnits = z.number().int('must be a whole number of minor units (paise, cents)').min(0).max(1_000_000_000_00);

export const openCashSession = z.strictObject({
  storeId: uuid(),
  openingFloat: minorUnits,
});
export type OpenCashSession = z.infer<typeof openCashSession>;

export const closeCashSession = z.strictObject({
  countedCash: minorUnits,
  note: text(500).optional(),
});
export type CloseCashSession = z.infer<typeof closeCashSession>;

const businessDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-21')
  .refine(
    (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    'must be a real date',
  );

export const dailySalesQuery = z.strictObject({
  storeId: uuid().optional(),
  date: businessDate.optional(),
});
export type DailySalesQuery = z.infer<typeof dailySalesQuery>;

/** A quarter is enough for a chart; a longer range is a statutory export, not a picture. */
export const SALES_SUMMARY_MAX_DAYS = 92;

export const salesSummaryQuery = z
  .strictObject({
    storeId: uuid().optional(),
    from: businessDate.optional(),
    to: businessDate.optional(),
    /** How many days the range spans when from or to is left out: the console asks for the last 30 days without knowing the chain's today. */
    days: z.coerce.number().int('must be a whole number of days').min(1).max(SALES_SUMMARY_MAX_DAYS).optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { path: ['from'], message: 'must not be after to' })
  .refine((q) => !q.days || !q.from || !q.to, { path: ['days'], message: 'give from and to, or days with at most one of them' })
  .refine((q) => !q.from || !q.to || daysBetween(q.from, q.to) < SALES_SUMMARY_MAX_DAYS, {
    path: ['to'],
    message: `must be within ${SALES_SUMMARY_MAX_DAYS} days of from`,
  });
export type SalesSummaryQuery = z.infer<typeof salesSummaryQuery>;
