import { WebhookVerificationError, z, type MinorUnits } from '@dawa/plugin-sdk';
import { parseDarajaTimestamp } from '../nairobi-time.js';

const resultParameter = z.object({ Key: z.string(), Value: z.union([z.string(), z.number()]).optional() });

export const b2cResultSchema = z.object({
  Result: z.object({
    ResultType: z.number().int(),
    ResultCode: z.number().int(),
    ResultDesc: z.string(),
    OriginatorConversationID: z.string().min(1),
    ConversationID: z.string().min(1),
    TransactionID: z.string().optional(),
    // Daraja sends a lone parameter as an object rather than a one-element array.
    ResultParameters: z.object({ ResultParameter: z.union([z.array(resultParameter), resultParameter]) }).optional(),
  }),
});

export interface B2cResult {
  originatorConversationId: string;
  resultCode: number;
  resultDesc: string;
  /** Present when the money reached the payer (result code 0). */
  paid?: { amount: MinorUnits; receipt: string; completedAt?: Date };
}

/** `19.12.2019 11:45:50`, Nairobi time, as B2C results date a completed payment. */
function completedAt(value: string | number | undefined): Date | undefined {
  const match = /^(\d{2})\.(\d{2})\.(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(String(value ?? ''));
  return match ? parseDarajaTimestamp(`${match[3]}${match[2]}${match[1]}${match[4]}${match[5]}${match[6]}`) : undefined;
}

/** Reads a B2C result, its ResultParameters by Key. */
export function readB2cResult(body: z.output<typeof b2cResultSchema>): B2cResult {
  const result = body.Result;
  const read = { originatorConversationId: result.OriginatorConversationID, resultCode: result.ResultCode, resultDesc: result.ResultDesc };
  if (result.ResultCode !== 0) return read;
  const parameters = [result.ResultParameters?.ResultParameter ?? []].flat();
  const parameter = (key: string) => parameters.find((p) => p.Key === key)?.Value;
  const shillings = parameter('TransactionAmount');
  const receipt = parameter('TransactionReceipt') ?? result.TransactionID;
  const amount = typeof shillings === 'number' ? Math.round(shillings * 100) : NaN;
  if (!(amount > 0) || typeof receipt !== 'string' || !receipt) {
    throw new WebhookVerificationError('M-Pesa B2C success result without TransactionAmount and TransactionReceipt');
  }
  return { ...read, paid: { amount, receipt, completedAt: completedAt(parameter('TransactionCompletedDateTime')) } };
}
