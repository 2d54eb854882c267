import { DarajaClient } from './daraja-client.js';
import { DarajaError, darajaErrorBody } from './daraja-error.js';

export const B2C_PAYMENT_PATH = '/mpesa/b2c/v3/paymentrequest';

export interface B2cPaymentRequest {
  /** Chosen by the caller: the id Daraja's result comes back with. */
  OriginatorConversationID: string;
  InitiatorName: string;
  SecurityCredential: string;
  CommandID: 'BusinessPayment' | 'SalaryPayment' | 'PromotionPayment';
  Amount: number;
  PartyA: string;
  PartyB: string;
  Remarks: string;
  QueueTimeOutURL: string;
  ResultURL: string;
  /** Spelled so by Daraja. */
  Occassion: string;
}

export interface B2cPaymentResponse {
  ConversationID: string;
  OriginatorConversationID: string;
  ResponseCode: string;
  ResponseDescription: string;
}

/** Submits a B2C payment; Daraja only accepts it here, the outcome arrives later at ResultURL. */
export async function b2cPayment(client: DarajaClient, request: B2cPaymentRequest): Promise<B2cPaymentResponse> {
  const response = await client.post(B2C_PAYMENT_PATH, request);
  const body = response.status === 200 ? response.json<Partial<B2cPaymentResponse>>() : undefined;
  if (!body || body.ResponseCode !== '0') throw new DarajaError(response.status, darajaErrorBody(response), 'B2C payment');
  return body as B2cPaymentResponse;
}
