import { z } from 'zod';
import { isDate } from '../common/list-query.js';
import { text, uuid } from '../common/validation.js';

const required = (max: number) => text(max).pipe(z.string().min(1, 'is required'));

export const isoDate = () => z.string().refine(isDate, 'must be a date like 2026-11-21');

export const prescriptionItem = z
  .strictObject({
    productId: uuid().optional(),
    /** What the prescriber wrote when it is not one of our products: "Amoxycillin", "Amoxycillin 500mg". */
    genericName: required(200).optional(),
    /** Base units (tablets, ml) allowed per dispensing. */
    quantity: z.number().int('must be a whole number of base units (tablets, ml)').min(1).max(100_000),
  })
  .refine((item) => (item.productId === undefined) !== (item.genericName === undefined), {
    message: 'give either productId or genericName',
    path: ['productId'],
  });

export const prescriptionInput = z.strictObject({
  storeId: uuid(),
  patient: z.strictObject({
    name: required(120),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9]{7,15}$/, 'must be a phone number such as +919812345678')
      .optional(),
    address: required(300),
  }),
  prescriber: z.strictObject({
    name: required(120),
    registrationNo: required(60),
    address: required(300),
  }),
  issuedAt: isoDate(),
  items: z.array(prescriptionItem).min(1, 'a prescription needs at least one item').max(30),
  /** Further dispensings after the first: 0 means it can be dispensed once. */
  repeats: z.number().int().min(0).max(12).default(0),
});
export type PrescriptionInput = z.infer<typeof prescriptionInput>;
export type PrescriptionItem = z.infer<typeof prescriptionItem>;

export const approveInput = z.strictObject({});

export const rejectInput = z.strictObject({ reason: required(500) });
export type RejectInput = z.infer<typeof rejectInput>;
