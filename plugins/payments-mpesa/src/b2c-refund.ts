import { PluginError, PluginInputError, type FieldIssue, type Refund, type RefundRequest } from '@dawa/plugin-sdk';
import { tokenisedCallbackUrl } from './callback-url.js';
import { b2cPayment } from './daraja/b2c.js';
import type { MpesaSession } from './mpesa-session.js';
import { darajaPhoneNumber } from './phone.js';
import { requireKes, wholeShillings } from './shillings.js';

/** Daraja's limit on Remarks. */
const REMARKS_LENGTH = 100;

/**
 * Pays (part of) a payment back to the payer's phone with a B2C payment. The refund id is the
 * OriginatorConversationID, so a repeated request is the same Daraja request, and it is the refundRef the result
 * comes back with. Daraja only accepts the payment here: the refund stays pending until its result arrives.
 */
export async function b2cRefund(session: MpesaSession, request: RefundRequest): Promise<Refund> {
  const refunds = session.config.refunds;
  if (!refunds)
    throw new PluginError('refunds_not_configured', 'M-Pesa refunds need a B2C shortcode and initiator in the plugin configuration');
  const issues: FieldIssue[] = [];
  requireKes(request.currency, issues);
  const shillings = wholeShillings(request.amount, 'amount', issues);
  const phone = darajaPhoneNumber(request.payerPhone ?? '');
  if (!phone) issues.push({ field: 'payerPhone', message: 'the phone that paid, from the payment.succeeded event' });
  if (!request.providerPaymentId) issues.push({ field: 'providerPaymentId', message: 'the M-Pesa receipt of the payment being refunded' });
  if (!request.callbackUrl) issues.push({ field: 'callbackUrl', message: 'where M-Pesa should send the refund result' });
  if (issues.length || !phone || !request.callbackUrl) throw new PluginInputError(issues);

  const resultUrl = tokenisedCallbackUrl(request.callbackUrl, session.config.callbackToken, request.providerRef);
  const accepted = await b2cPayment(session.daraja, {
    OriginatorConversationID: request.refundId,
    InitiatorName: refunds.initiatorName,
    SecurityCredential: refunds.securityCredential,
    CommandID: 'BusinessPayment',
    Amount: shillings,
    PartyA: refunds.b2cShortCode,
    PartyB: phone,
    Remarks: (request.reason || 'Refund').slice(0, REMARKS_LENGTH),
    QueueTimeOutURL: resultUrl,
    ResultURL: resultUrl,
    // The receipt being refunded, so the tenant's M-Pesa statement ties the refund to the sale.
    Occassion: request.providerPaymentId ?? '',
  });
  return { refundId: request.refundId, refundRef: accepted.OriginatorConversationID, status: 'pending', amount: request.amount };
}
