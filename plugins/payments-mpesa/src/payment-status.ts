import { PluginInputError, type MinorUnits, type PaymentStatus, type PaymentStatusReport } from '@dawa/plugin-sdk';
import { stkQuery } from './daraja/stk.js';
import type { MpesaSession } from './mpesa-session.js';

export const RESULT_PAID = 0;
export const RESULT_CANCELLED_BY_USER = 1032;

export function statusOfResult(resultCode: number): PaymentStatus {
  if (resultCode === RESULT_PAID) return 'succeeded';
  return resultCode === RESULT_CANCELLED_BY_USER ? 'cancelled' : 'failed';
}

/**
 * The STK query's view of a push. It reports a result code but no amount, receipt or refunds: a paid push is
 * reported at the amount Dawa recorded for it.
 */
export async function stkPaymentStatus(
  session: MpesaSession,
  checkoutRequestId: string,
  known?: { amount: MinorUnits; currency: string },
): Promise<PaymentStatusReport> {
  const result = await stkQuery(session.daraja, session.stkCredentials(), checkoutRequestId);
  const status = result.state === 'processing' ? 'pending' : statusOfResult(result.resultCode);
  if (status === 'succeeded' && !known) {
    throw new PluginInputError([
      { field: 'known.amount', message: 'M-Pesa does not report the amount of a push: pass the recorded amount' },
    ]);
  }
  const amount = known?.amount ?? 0;
  return {
    providerRef: checkoutRequestId,
    status,
    amount,
    amountPaid: status === 'succeeded' ? amount : 0,
    amountRefunded: 0,
    providerPaymentIds: [],
  };
}
