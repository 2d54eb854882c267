import { z } from 'zod';
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

export const dailySalesQuery = z.strictObject({
  storeId: uuid().optional(),
  date: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date like 2026-11-21')
    .refine(
      (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
      'must be a real date',
    )
    .optional(),
});
export type DailySalesQuery = z.infer<typeof dailySalesQuery>;
