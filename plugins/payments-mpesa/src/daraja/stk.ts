import { DarajaClient } from './daraja-client.js';
import { DarajaError, darajaErrorBody } from './daraja-error.js';

export const STK_PUSH_PATH = '/mpesa/stkpush/v1/processrequest';
export const STK_QUERY_PATH = '/mpesa/stkpushquery/v1/query';

/** What STK push and query both authenticate with: the shortcode and a password valid for one timestamp. */
export interface StkCredentials {
  BusinessShortCode: string;
  Password: string;
  Timestamp: string;
}

export interface StkPushRequest extends StkCredentials {
  TransactionType: 'CustomerPayBillOnline' | 'CustomerBuyGoodsOnline';
  Amount: number;
  PartyA: string;
  PartyB: string;
  PhoneNumber: string;
  CallBackURL: string;
  AccountReference: string;
  TransactionDesc: string;
}

export interface StkPushResponse {
  MerchantRequestID: string;
  CheckoutRequestID: string;
  ResponseCode: string;
  ResponseDescription: string;
  CustomerMessage: string;
}

/** Daraja's answer to an STK query: still waiting for the customer, or the push's result code. */
export type StkQueryResult =
  { state: 'processing' } | { state: 'completed'; merchantRequestId: string; resultCode: number; resultDesc: string };

/** Daraja answers a query for a push the customer has not finished with an error carrying this message. */
const STILL_PROCESSING = /being processed/i;

export async function stkPush(client: DarajaClient, request: StkPushRequest): Promise<StkPushResponse> {
  const response = await client.post(STK_PUSH_PATH, request);
  const body = response.status === 200 ? response.json<Partial<StkPushResponse>>() : undefined;
  if (!body || body.ResponseCode !== '0' || !body.CheckoutRequestID) {
    throw new DarajaError(response.status, darajaErrorBody(response), 'STK push');
  }
  return body as StkPushResponse;
}

export async function stkQuery(client: DarajaClient, credentials: StkCredentials, checkoutRequestId: string): Promise<StkQueryResult> {
  const response = await client.post(STK_QUERY_PATH, { ...credentials, CheckoutRequestID: checkoutRequestId });
  if (response.status !== 200) {
    const error = darajaErrorBody(response);
    if (STILL_PROCESSING.test(error.errorMessage ?? '')) return { state: 'processing' };
    throw new DarajaError(response.status, error, 'STK query');
  }
  const body = response.json<{ MerchantRequestID?: string; ResultCode?: string | number; ResultDesc?: string }>();
  const resultCode = Number(body.ResultCode);
  if (body.ResultCode === undefined || !Number.isInteger(resultCode)) {
    throw new DarajaError(response.status, { errorMessage: 'STK query answer without a result code' }, 'STK query');
  }
  return { state: 'completed', merchantRequestId: body.MerchantRequestID ?? '', resultCode, resultDesc: body.ResultDesc ?? '' };
}
