import { z } from 'zod';
import { text, uuid } from '../common/validation.js';
import { GATEWAY_METHODS, PAYMENT_METHODS } from './payments.js';

const counterPayment = z.strictObject({
  method: z.enum(PAYMENT_METHODS, { message: `must be one of ${PAYMENT_METHODS.join(', ')}` }),
  amount: z.number().int('must be whole minor units (paise, cents)').min(1).max(1_000_000_000),
  reference: text(100).optional(),
});

export const saleInput = z.strictObject({
  storeId: uuid(),
  customer: z
    .strictObject({
      name: text(120).optional(),
      phone: z
        .string()
        .trim()
        .regex(/^\+?[0-9]{7,15}$/, 'must be a phone number such as +919812345678')
        .optional(),
      /** GSTIN or KRA PIN: the sale becomes business-to-business. */
      taxId: z.string().trim().toUpperCase().max(20).optional(),
      address: text(300).optional(),
      region: z.string().trim().toUpperCase().max(10).optional(),
      /** The language the customer reads messages in (ISO 639-1: en, hi, sw). */
      language: z
        .string()
        .trim()
        .toLowerCase()
        .regex(/^[a-z]{2}$/, 'must be a two-letter language code such as hi')
        .optional(),
      /** The customer asked for the receipt by SMS (needs `phone`). */
      smsReceipt: z.boolean().optional(),
    })
    .refine((customer) => !customer.smsReceipt || customer.phone, { message: 'an SMS receipt needs a phone number', path: ['phone'] })
    .optional(),
  prescriptionId: uuid().optional(),
  /** Where the goods go when they are delivered out of the store's state (India: a state code such as "KA"). */
  placeOfSupply: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'must be a state code such as KA')
    .optional(),
  lines: z
    .array(
      z.strictObject({
        productId: uuid(),
        quantity: z.number().int('must be a whole number of base units (tablets, ml)').min(1).max(100_000),
        discountPct: z.number().min(0).max(100).multipleOf(0.01, 'at most two decimals').default(0),
      }),
    )
    .min(1, 'a sale needs at least one line')
    .max(200),
  payments: z
    .array(
      counterPayment
        .extend({
          /** To be collected through a payment plugin (POST /payments/intents): the sale waits for it. */
          gateway: z.boolean().optional(),
        })
        .refine((p) => !p.gateway || (GATEWAY_METHODS as readonly string[]).includes(p.method), {
          message: `a gateway payment must be ${GATEWAY_METHODS.join(', ')}`,
          path: ['method'],
        }),
    )
    .min(1, 'record how the customer paid')
    .max(10),
  /** A pharmacist's override to sell from batches inside the tenant's do-not-sell window. */
  allowNearExpiry: z.boolean().default(false),
});
export type SaleInput = z.infer<typeof saleInput>;
export type SaleCustomer = NonNullable<SaleInput['customer']>;

/** Paying what an awaiting sale still owes at the counter (after its gateway payment failed, say). */
export const salePaymentsInput = z.strictObject({
  payments: z.array(counterPayment).min(1, 'record how the customer paid').max(10),
});
export type SalePaymentsInput = z.infer<typeof salePaymentsInput>;

export const voidSaleInput = z.strictObject({ reason: text(300) });
export type VoidSaleInput = z.infer<typeof voidSaleInput>;

export const idempotencyKey = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_\-:.]{8,100}$/, 'Idempotency-Key must be 8-100 letters, digits or - _ : .')
  .optional();
