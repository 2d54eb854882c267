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

const patientPhone = z
  .string()
  .trim()
  .regex(/^\+?[0-9]{7,15}$/, 'must be a phone number such as +919812345678');

const prescriber = z.strictObject({
  name: required(120),
  registrationNo: required(60),
  address: required(300),
});

/** Further dispensings after the first: 0 means it can be dispensed once. */
const repeats = z.number().int().min(0).max(12);

export const prescriptionInput = z.strictObject({
  storeId: uuid(),
  patient: z.strictObject({
    name: required(120),
    phone: patientPhone.optional(),
    address: required(300),
  }),
  prescriber,
  issuedAt: isoDate(),
  items: z.array(prescriptionItem).min(1, 'a prescription needs at least one item').max(30),
  repeats: repeats.default(0),
});
export type PrescriptionInput = z.infer<typeof prescriptionInput>;
export type PrescriptionItem = z.infer<typeof prescriptionItem>;

/**
 * What comes with an uploaded scan (the `metadata` part, or the whole JSON body of a structured entry without a
 * file): who it is for and which store reviews it. What the pharmacist can read off the scan (prescriber, date,
 * items) may be left for them to fill in when approving.
 */
export const uploadMetadata = z.strictObject({
  storeId: uuid(),
  patient: z.strictObject({
    name: required(120),
    phone: patientPhone.optional(),
    address: required(300).optional(),
  }),
  prescriber: prescriber.optional(),
  issuedAt: isoDate().optional(),
  items: z.array(prescriptionItem).max(30).default([]),
  repeats: repeats.default(0),
});
export type UploadMetadata = z.infer<typeof uploadMetadata>;

/**
 * A pharmacist's approval. Without fields it approves the prescription as recorded (the original endpoint's body);
 * the fields replace what was recorded, as read off the scan: the items, how many repeats, until when it is valid,
 * and the prescriber and date when the upload did not have them. A controlled drug's second pharmacist confirms the
 * first approval as it stands and may add notes only.
 */
export const approveInput = z.strictObject({
  items: z.array(prescriptionItem).min(1, 'a prescription needs at least one item').max(30).optional(),
  repeats: repeats.optional(),
  validUntil: isoDate().optional(),
  prescriber: prescriber.optional(),
  issuedAt: isoDate().optional(),
  notes: required(1000).optional(),
});
export type ApproveInput = z.infer<typeof approveInput>;

export const rejectInput = z.strictObject({ reason: required(500), notes: required(1000).optional() });
export type RejectInput = z.infer<typeof rejectInput>;

export const requestInfoInput = z.strictObject({ message: required(300) });
export type RequestInfoInput = z.infer<typeof requestInfoInput>;

/** What the customer gave in answer, recorded by staff: a note, and/or another scan sent as multipart. */
export const infoProvidedInput = z.strictObject({ note: required(1000).optional() });
export type InfoProvidedInput = z.infer<typeof infoProvidedInput>;
