import { z } from 'zod';
import { text, updateSchema } from '../common/validation.js';
import { tidyStrength } from './composition.js';
import { DOSAGE_FORM_NAMES } from './dosage-form.js';
import { isValidGtin } from './gtin.js';

const ingredient = z.strictObject({
  name: text(120).pipe(z.string().min(1, 'is required')),
  // "500 MG" and "500mg" are one strength; stored tidy so substitutes and labels agree.
  strength: text(40).default('').transform(tidyStrength),
});

const barcode = z.string().trim().refine(isValidGtin, 'must be a valid EAN-8, UPC-A, EAN-13 or GTIN-14 (check digit included)');

const minorUnits = z.number().int('must be whole minor units (paise, cents)').min(0).max(1_000_000_000);

/**
 * A product as staff enter it. Schedule and tax class are checked against the tenant's country by the service,
 * which knows the country; everything else is checked here.
 */
export const productFields = {
  name: text(200).pipe(z.string().min(1, 'is required')),
  manufacturer: text(200).default(''),
  ingredients: z.array(ingredient).max(20).default([]),
  dosageForm: z.enum(DOSAGE_FORM_NAMES as [string, ...string[]], { message: `must be one of ${DOSAGE_FORM_NAMES.join(', ')}` }),
  packSize: z.number().int().min(1).max(100_000),
  baseUnit: text(20).pipe(z.string().min(1, 'is required')),
  barcodes: z.array(barcode).max(20).default([]),
  schedule: z.string().trim().toUpperCase().max(10),
  taxClass: z.string().trim().toUpperCase().max(20),
  hsnCode: z
    .string()
    .trim()
    .regex(/^\d{4}(\d{2})?(\d{2})?$/, 'must be a 4, 6 or 8 digit HSN code')
    .nullable()
    .optional(),
  kraItemClass: z.string().trim().max(20).nullable().optional(),
  mrp: minorUnits.nullable().optional(),
  reorderLevel: z.number().int().min(0).max(10_000_000).default(0),
  status: z.enum(['active', 'inactive']).default('active'),
};

export const productInput = z.strictObject(productFields);
export type ProductInput = z.infer<typeof productInput>;

export const productUpdate = updateSchema(productFields);
export type ProductUpdate = z.infer<typeof productUpdate>;
