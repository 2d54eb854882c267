import { stkPassword } from '../daraja/stk-password.js';
import { parseDarajaTimestamp } from '../nairobi-time.js';

/** What Daraja checks in a request body, each failure named the way Daraja's `errorMessage` names it. */
export type Body = Record<string, unknown>;

export const KENYAN_MSISDN = /^254[17]\d{8}$/;

export const isText = (value: unknown, maxLength = Infinity): value is string =>
  typeof value === 'string' && value.length > 0 && value.length <= maxLength;

const isHttpUrl = (value: unknown): boolean => {
  try {
    return isText(value) && /^https?:$/.test(new URL(value).protocol);
  } catch {
    return false;
  }
};

export const isWholeAmount = (value: unknown, minimum = 1): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= minimum;

/** BusinessShortCode, Timestamp and the Password made from them, shared by STK push and STK query. */
export function stkCredentialProblem(body: Body, shortCode: string, passkey: string): string | undefined {
  if (String(body.BusinessShortCode) !== shortCode) return 'Invalid BusinessShortCode';
  if (!isText(body.Timestamp) || !parseDarajaTimestamp(body.Timestamp)) return 'Invalid Timestamp';
  if (body.Password !== stkPassword(shortCode, passkey, body.Timestamp)) return 'Invalid Password';
  return undefined;
}

export function stkPushProblem(body: Body): string | undefined {
  if (body.TransactionType !== 'CustomerPayBillOnline' && body.TransactionType !== 'CustomerBuyGoodsOnline')
    return 'Invalid TransactionType';
  if (!isWholeAmount(body.Amount)) return 'Invalid Amount';
  if (!KENYAN_MSISDN.test(String(body.PartyA))) return 'Invalid PartyA';
  if (!/^\d{5,9}$/.test(String(body.PartyB))) return 'Invalid PartyB';
  if (!KENYAN_MSISDN.test(String(body.PhoneNumber))) return 'Invalid PhoneNumber';
  if (!isHttpUrl(body.CallBackURL)) return 'Invalid CallBackURL';
  if (!isText(body.AccountReference, 12)) return 'Invalid AccountReference';
  if (!isText(body.TransactionDesc, 13)) return 'Invalid TransactionDesc';
  return undefined;
}

/** B2C's minimum payout is KES 10. */
export function b2cProblem(body: Body, b2cShortCode: string): string | undefined {
  if (!isText(body.OriginatorConversationID)) return 'Invalid OriginatorConversationID';
  if (!isText(body.InitiatorName) || !isText(body.SecurityCredential)) return 'Invalid Initiator';
  if (!['BusinessPayment', 'SalaryPayment', 'PromotionPayment'].includes(String(body.CommandID))) return 'Invalid CommandID';
  if (!isWholeAmount(body.Amount, 10)) return 'Invalid Amount';
  if (String(body.PartyA) !== b2cShortCode) return 'Invalid PartyA';
  if (!KENYAN_MSISDN.test(String(body.PartyB))) return 'Invalid PartyB';
  if (!isText(body.Remarks, 100)) return 'Invalid Remarks';
  if (!isHttpUrl(body.ResultURL)) return 'Invalid ResultURL';
  if (!isHttpUrl(body.QueueTimeOutURL)) return 'Invalid QueueTimeOutURL';
  return undefined;
}
