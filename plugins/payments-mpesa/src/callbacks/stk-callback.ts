import { WebhookVerificationError, z, type MinorUnits } from '@dawa/plugin-sdk';
import { parseDarajaTimestamp } from '../nairobi-time.js';
import { darajaPhoneNumber } from '../phone.js';

const metadataItem = z.object({ Name: z.string(), Value: z.union([z.string(), z.number()]).optional() });

export const stkCallbackSchema = z.object({
  Body: z.object({
    stkCallback: z.object({
      MerchantRequestID: z.string().min(1),
      CheckoutRequestID: z.string().startsWith('ws_CO_'),
      ResultCode: z.number().int(),
      ResultDesc: z.string(),
      CallbackMetadata: z.object({ Item: z.array(metadataItem) }).optional(),
    }),
  }),
});

export interface StkCallback {
  merchantRequestId: string;
  checkoutRequestId: string;
  resultCode: number;
  resultDesc: string;
  /** Present when the customer paid (result code 0). */
  paid?: { amount: MinorUnits; receipt: string; transactionDate: Date; phone: string };
}

/** Daraja's receipt numbers: ten capitals and digits (NLJ7RT61SV). */
const RECEIPT = /^[A-Z0-9]{10}$/;

/**
 * Reads an STK callback. Metadata items are looked up by Name, never by position: Daraja adds and omits items
 * (a `Balance` without a Value) and sends none at all when the payment failed.
 */
export function readStkCallback(body: z.output<typeof stkCallbackSchema>): StkCallback {
  const callback = body.Body.stkCallback;
  const read = {
    merchantRequestId: callback.MerchantRequestID,
    checkoutRequestId: callback.CheckoutRequestID,
    resultCode: callback.ResultCode,
    resultDesc: callback.ResultDesc,
  };
  if (callback.ResultCode !== 0) return read;
  const item = (name: string) => callback.CallbackMetadata?.Item.find((i) => i.Name === name)?.Value;
  const shillings = item('Amount');
  const receipt = item('MpesaReceiptNumber');
  const transactionDate = parseDarajaTimestamp(String(item('TransactionDate') ?? ''));
  const phone = darajaPhoneNumber(String(item('PhoneNumber') ?? ''));
  const amount = typeof shillings === 'number' ? Math.round(shillings * 100) : NaN;
  if (!(amount > 0) || typeof receipt !== 'string' || !RECEIPT.test(receipt) || !transactionDate || !phone) {
    throw new WebhookVerificationError(
      'M-Pesa success callback without a valid Amount, MpesaReceiptNumber, TransactionDate and PhoneNumber',
    );
  }
  return { ...read, paid: { amount, receipt, transactionDate, phone } };
}
