import { PluginInputError, type CreatePaymentRequest, type FieldIssue, type PaymentIntent } from '@dawa/plugin-sdk';
import { tokenisedCallbackUrl } from './callback-url.js';
import { stkPush } from './daraja/stk.js';
import type { MpesaSession } from './mpesa-session.js';
import { darajaPhoneNumber } from './phone.js';
import { requireKes, wholeShillings } from './shillings.js';

/** Daraja's field limits: what the customer sees on the PIN prompt and the statement. */
const ACCOUNT_REFERENCE_LENGTH = 12;
const TRANSACTION_DESC_LENGTH = 13;

/** Sends the PIN prompt to the customer's phone; the result comes later as a callback. */
export async function createStkPayment(session: MpesaSession, request: CreatePaymentRequest): Promise<PaymentIntent> {
  const issues: FieldIssue[] = [];
  requireKes(request.currency, issues);
  const shillings = wholeShillings(request.amount, 'amount', issues);
  const phone = darajaPhoneNumber(request.customer?.phone ?? '');
  if (!phone) issues.push({ field: 'customer.phone', message: 'a Kenyan mobile number: 07…, 01…, +2547… or 2547…' });
  if (issues.length || !phone) throw new PluginInputError(issues);

  const { config } = session;
  const pushed = await stkPush(session.daraja, {
    ...session.stkCredentials(),
    TransactionType: config.transactionType,
    Amount: shillings,
    PartyA: phone,
    PartyB: config.partyB ?? config.shortCode,
    PhoneNumber: phone,
    CallBackURL: tokenisedCallbackUrl(request.callbackUrl, config.callbackToken),
    AccountReference: request.paymentId.replace(/[^A-Za-z0-9]/g, '').slice(0, ACCOUNT_REFERENCE_LENGTH) || 'Dawa',
    TransactionDesc: request.description.slice(0, TRANSACTION_DESC_LENGTH) || 'Payment',
  });
  return {
    providerRef: pushed.CheckoutRequestID,
    status: 'pending',
    amount: request.amount,
    currency: request.currency,
    action: { type: 'await_customer', message: pushed.CustomerMessage },
  };
}
