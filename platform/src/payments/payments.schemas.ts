import { z } from 'zod';
import { uuid } from '../common/validation.js';

export const PROVIDER_PAYMENT_METHODS = ['card', 'upi', 'mpesa', 'netbanking', 'wallet'] as const;

export const paymentIntentInput = z
  .strictObject({
    saleId: uuid().optional(),
    orderId: uuid().optional(),
    /** Omitted: the chain's enabled payment plugin that takes this method, so the counter need not know plugins. */
    plugin: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a plugin name such as payments-razorpay')
      .optional(),
    method: z.enum(PROVIDER_PAYMENT_METHODS, { message: `must be one of ${PROVIDER_PAYMENT_METHODS.join(', ')}` }),
    /** The payer's phone: M-Pesa sends the PIN prompt to it. */
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9]{7,15}$/, 'must be a phone number such as +254712345678')
      .optional(),
  })
  .refine((v) => Boolean(v.saleId) !== Boolean(v.orderId), { message: 'give either saleId or orderId', path: ['saleId'] })
  .refine((v) => v.method !== 'mpesa' || v.phone, { message: 'M-Pesa needs the phone the PIN prompt goes to', path: ['phone'] });
export type PaymentIntentInput = z.infer<typeof paymentIntentInput>;
