import { z } from 'zod';
import { isDate } from '../common/list-query.js';
import { text, updateSchema, uuid } from '../common/validation.js';
import { batchNo, expiry } from '../inventory/inventory.schemas.js';

/**
 * Units, once for the whole module: every `quantity` is in the product's BASE units (tablets, vials, ml), as stock is
 * counted; every cost and MRP is per PACK in minor units (paise, cents), as batches and supplier price lists are. A
 * line's value is quantity × packCost / packSize, rounded to the minor unit.
 */
const quantity = z.number().int('must be a whole number of base units').min(1).max(10_000_000);
const minorUnits = z.number().int('must be whole minor units (paise, cents)').min(0).max(1_000_000_000);
const taxRate = z.number().min(0).max(100).multipleOf(0.01, 'at most two decimals');
const day = z.string().refine(isDate, 'must be a date like 2026-11-21');

/** Refuses a list naming the same thing twice, pointing at the second line. */
function eachOnce<T>(key: (item: T) => string, field: string, message: string) {
  return (items: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    items.forEach((item, i) => {
      if (seen.has(key(item))) ctx.addIssue({ code: 'custom', path: [i, field], message });
      seen.add(key(item));
    });
  };
}

/** India: a 15-character GSTIN; Kenya: an 11-character KRA PIN (letter, 9 digits, letter). Checked by country in the service. */
export const TAX_ID_PATTERNS: Record<string, { pattern: RegExp; name: string }> = {
  IN: { pattern: /^\d{2}[A-Z]{5}\d{4}[A-Z][1-9A-Z]Z[0-9A-Z]$/, name: 'GSTIN (15 characters, e.g. 27AAICS1234F1ZK)' },
  KE: { pattern: /^[AP]\d{9}[A-Z]$/, name: 'KRA PIN (e.g. P051234567Q)' },
};

const supplierFields = {
  name: text(200).pipe(z.string().min(1, 'is required')),
  taxId: z.string().trim().toUpperCase().max(20).nullable().optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{6,20}$/, 'must be a phone number')
    .nullable()
    .optional(),
  email: z.string().trim().toLowerCase().max(254).pipe(z.email('must be a valid email address')).nullable().optional(),
  paymentTermsDays: z.number().int().min(0).max(365).default(30),
  returnWindowDays: z.number().int().min(0).max(730).default(90),
  leadTimeDays: z.number().int().min(0).max(365).default(7),
  active: z.boolean().default(true),
};
export const supplierInput = z.strictObject(supplierFields);
export type SupplierInput = z.infer<typeof supplierInput>;
export const supplierUpdate = updateSchema(supplierFields);
export type SupplierUpdate = z.infer<typeof supplierUpdate>;

/** What a supplier sells us: their SKU, the last price per pack, and whether they are the product's preferred source. */
export const supplierProductInput = z.strictObject({
  supplierSku: text(60).nullable().optional(),
  lastCost: minorUnits.nullable().optional(),
  preferred: z.boolean().default(false),
});
export type SupplierProductInput = z.infer<typeof supplierProductInput>;

const orderLine = z.strictObject({
  productId: uuid(),
  quantity,
  /** Expected cost of one pack, before tax. */
  packCost: minorUnits,
  /** Input tax rate in percent (GST 5, VAT 16, 0 for exempt). */
  taxRate: taxRate.default(0),
});

const orderLines = z
  .array(orderLine)
  .min(1, 'give at least one line')
  .max(500)
  .superRefine(eachOnce((l: { productId: string }) => l.productId, 'productId', 'each product once per order'));

export const purchaseOrderInput = z.strictObject({
  storeId: uuid(),
  supplierId: uuid(),
  notes: text(1000).optional(),
  lines: orderLines,
});
export type PurchaseOrderInput = z.infer<typeof purchaseOrderInput>;

/** A draft's supplier, notes and lines may change until it is submitted; the store may not. */
export const purchaseOrderUpdate = z.strictObject({
  supplierId: uuid().optional(),
  notes: text(1000).nullable().optional(),
  lines: orderLines.optional(),
});
export type PurchaseOrderUpdate = z.infer<typeof purchaseOrderUpdate>;

export const goodsReceiptInput = z.strictObject({
  lines: z
    .array(
      z
        .strictObject({
          productId: uuid(),
          batchNo,
          expiry,
          /** Paid base units, counted against the order line. */
          quantity: z.number().int('must be a whole number of base units').min(0).max(10_000_000),
          /** Free goods (bonus) in base units: stock at zero cost, not counted against the order. */
          freeQuantity: z.number().int('must be a whole number of base units').min(0).max(10_000_000).default(0),
          /** Cost of one pack as delivered, before tax. */
          cost: minorUnits,
          mrp: minorUnits,
        })
        .refine((l) => l.quantity + l.freeQuantity > 0, { path: ['quantity'], message: 'receive at least one unit, paid or free' }),
    )
    .min(1, 'give at least one line')
    .max(500),
});
export type GoodsReceiptInput = z.infer<typeof goodsReceiptInput>;

export const supplierInvoiceInput = z.strictObject({
  invoiceNo: text(40).pipe(z.string().min(1, 'is required')),
  invoiceDate: day,
  lines: z
    .array(
      z.strictObject({
        productId: uuid(),
        quantity: z.number().int('must be a whole number of base units').min(0).max(10_000_000),
        packCost: minorUnits,
        /** The tax the supplier charged on this line, in minor units. */
        tax: minorUnits,
      }),
    )
    .min(1, 'give at least one line')
    .max(500)
    .superRefine(eachOnce((l: { productId: string }) => l.productId, 'productId', 'each product once per invoice')),
});
export type SupplierInvoiceInput = z.infer<typeof supplierInvoiceInput>;

export const approvalInput = z.strictObject({ note: text(500).optional() });
export type ApprovalInput = z.infer<typeof approvalInput>;

export const SUPPLIER_RETURN_REASONS = ['near_expiry', 'damaged'] as const;

export const supplierReturnInput = z.strictObject({
  storeId: uuid(),
  supplierId: uuid(),
  reason: z.enum(SUPPLIER_RETURN_REASONS, { message: `must be one of ${SUPPLIER_RETURN_REASONS.join(', ')}` }),
  note: text(500).optional(),
  lines: z
    .array(z.strictObject({ batchId: uuid(), quantity }))
    .min(1, 'give at least one line')
    .max(200)
    .superRefine(eachOnce((l: { batchId: string }) => l.batchId, 'batchId', 'each batch once per return')),
});
export type SupplierReturnInput = z.infer<typeof supplierReturnInput>;

/** Money the supplier credited against a return: part or all of what is expected. */
export const creditSettlementInput = z.strictObject({
  amount: minorUnits.pipe(z.number().min(1, 'must be more than zero')),
  creditNoteNo: text(40).pipe(z.string().min(1, 'is required')),
});
export type CreditSettlementInput = z.infer<typeof creditSettlementInput>;

export const reorderSettingInput = z
  .strictObject({
    storeId: uuid(),
    productId: uuid(),
    minQuantity: z.number().int().min(0).max(10_000_000),
    maxQuantity: z.number().int().min(0).max(10_000_000),
  })
  .refine((r) => r.maxQuantity >= r.minQuantity, { path: ['maxQuantity'], message: 'must be at least minQuantity' });
export type ReorderSettingInput = z.infer<typeof reorderSettingInput>;

export const reorderRunInput = z.strictObject({ storeId: uuid(), date: day.optional() });
export type ReorderRunInput = z.infer<typeof reorderRunInput>;

export const reorderQuery = z.object({ storeId: uuid() });

/** The nightly reorder run: on or off, and the hour (0-23, the chain's time zone) it runs at. */
export const reorderScheduleInput = z.strictObject({ enabled: z.boolean(), hour: z.number().int().min(0).max(23).default(2) });
export type ReorderScheduleInput = z.infer<typeof reorderScheduleInput>;
