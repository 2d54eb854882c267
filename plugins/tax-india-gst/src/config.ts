import { z } from '@dawa/plugin-sdk';
import { isValidGstin } from './gstin.js';

const gstin = z
  .string()
  .trim()
  .toUpperCase()
  .refine(isValidGstin, 'must be a valid GSTIN (15 characters, a state code and a correct check character)');

/**
 * A chain's GST settings. GST registration is per state, so a chain with stores in Maharashtra and Karnataka holds
 * two GSTINs; each store's invoices carry the GSTIN of its state.
 */
export const gstConfigSchema = z.object({
  gstins: z
    .array(gstin)
    .default([])
    .refine((list) => new Set(list.map((g) => g.slice(0, 2))).size === list.length, 'must hold at most one GSTIN per state')
    .meta({ title: 'GSTINs', description: 'One GSTIN per state the chain has stores in; each store’s invoices carry its state’s.' }),
  hsnDigits: z
    .union([z.literal(4), z.literal(6)])
    .default(4)
    .meta({ title: 'HSN digits', description: 'Digits of HSN in the GSTR-1 summary: 4 up to ₹5 crore annual turnover, 6 above.' }),
});

export type GstConfig = z.output<typeof gstConfigSchema>;

export function gstinForStateCode(config: GstConfig, stateCode: string): string | undefined {
  return config.gstins.find((g) => g.startsWith(stateCode));
}
