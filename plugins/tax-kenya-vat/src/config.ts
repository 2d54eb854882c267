import { z } from '@dawa/plugin-sdk';

/** A KRA PIN: A (individual) or P (company), nine digits, a check letter. */
export const KRA_PIN = /^[AP]\d{9}[A-Z]$/;

export const vatConfigSchema = z.object({
  kraPin: z
    .string()
    .trim()
    .toUpperCase()
    .regex(KRA_PIN, 'must be a KRA PIN such as P051234567X')
    .optional()
    .meta({ title: 'KRA PIN', description: 'The chain’s KRA PIN, printed on every invoice and heading the VAT summary.' }),
});

export type VatConfig = z.output<typeof vatConfigSchema>;
