import { WebhookVerificationError, type IncomingWebhook, type PaymentEvent } from '@dawa/plugin-sdk';
import { b2cResultSchema, readB2cResult, type B2cResult } from './callbacks/b2c-result.js';
import { readStkCallback, stkCallbackSchema, type StkCallback } from './callbacks/stk-callback.js';
import { verifyCallbackUrl } from './callback-url.js';
import { DarajaError } from './daraja/daraja-error.js';
import { stkQuery } from './daraja/stk.js';
import type { MpesaSession } from './mpesa-session.js';
import { RESULT_PAID } from './payment-status.js';

/**
 * Turns an M-Pesa callback into events. Nothing in it is signed, so it is believed only when its URL carries the
 * tenant's token, its body has Daraja's shape, and — for STK results — Daraja's own STK query agrees with it.
 */
export async function callbackEvents(session: MpesaSession, webhook: IncomingWebhook): Promise<PaymentEvent[]> {
  const { checkoutRequestId } = verifyCallbackUrl(webhook, session.config.callbackToken);
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(webhook.rawBody).toString('utf8'));
  } catch {
    throw new WebhookVerificationError('M-Pesa callback body is not JSON');
  }
  const stk = stkCallbackSchema.safeParse(body);
  if (stk.success) {
    const callback = readStkCallback(stk.data);
    await confirmWithStkQuery(session, callback);
    return [stkEvent(session, callback)];
  }
  const b2c = b2cResultSchema.safeParse(body);
  if (b2c.success) {
    if (!checkoutRequestId) throw new WebhookVerificationError('M-Pesa B2C result URL does not name the refunded payment');
    return [refundEvent(session, readB2cResult(b2c.data), checkoutRequestId)];
  }
  throw new WebhookVerificationError('M-Pesa callback body is neither an STK callback nor a B2C result');
}

/** A forger who learnt the token still cannot invent an outcome: Daraja must report the same result for the push. */
async function confirmWithStkQuery(session: MpesaSession, callback: StkCallback): Promise<void> {
  let confirmed;
  try {
    confirmed = await stkQuery(session.daraja, session.stkCredentials(), callback.checkoutRequestId);
  } catch (error) {
    if (error instanceof DarajaError)
      throw new WebhookVerificationError(`M-Pesa's STK query refused push ${callback.checkoutRequestId}: ${error.message}`);
    throw error;
  }
  if (
    confirmed.state !== 'completed' ||
    confirmed.resultCode !== callback.resultCode ||
    confirmed.merchantRequestId !== callback.merchantRequestId
  ) {
    throw new WebhookVerificationError(`M-Pesa's STK query does not confirm the callback for ${callback.checkoutRequestId}`);
  }
}

function stkEvent(session: MpesaSession, callback: StkCallback): PaymentEvent {
  const providerRef = callback.checkoutRequestId;
  if (callback.resultCode === RESULT_PAID && callback.paid) {
    return {
      eventId: `mpesa:stk:${providerRef}:succeeded`,
      type: 'payment.succeeded',
      providerRef,
      amount: callback.paid.amount,
      currency: 'KES',
      providerPaymentId: callback.paid.receipt,
      payerPhone: callback.paid.phone,
      occurredAt: callback.paid.transactionDate,
    };
  }
  return {
    eventId: `mpesa:stk:${providerRef}:failed`,
    type: 'payment.failed',
    providerRef,
    failure: { code: String(callback.resultCode), message: callback.resultDesc },
    occurredAt: session.clock.now(),
  };
}

function refundEvent(session: MpesaSession, result: B2cResult, providerRef: string): PaymentEvent {
  const refundRef = result.originatorConversationId;
  if (result.resultCode === RESULT_PAID && result.paid) {
    return {
      eventId: `mpesa:b2c:${refundRef}:succeeded`,
      type: 'refund.succeeded',
      providerRef,
      refundRef,
      amount: result.paid.amount,
      currency: 'KES',
      occurredAt: result.paid.completedAt ?? session.clock.now(),
    };
  }
  return {
    eventId: `mpesa:b2c:${refundRef}:failed`,
    type: 'refund.failed',
    providerRef,
    refundRef,
    failure: { code: String(result.resultCode), message: result.resultDesc },
    occurredAt: session.clock.now(),
  };
}
