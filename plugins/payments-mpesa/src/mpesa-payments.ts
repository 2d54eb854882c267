import type { PaymentProvider, PluginContext } from '@dawa/plugin-sdk';
import { b2cRefund } from './b2c-refund.js';
import { callbackEvents } from './callback-events.js';
import type { MpesaConfig } from './config.js';
import { createStkPayment } from './create-stk-payment.js';
import { MpesaSession } from './mpesa-session.js';
import { stkPaymentStatus } from './payment-status.js';

/** The `payment` extension point for one Kenyan tenant: STK push in, B2C out. */
export function mpesaPayments(context: PluginContext<MpesaConfig>): PaymentProvider {
  const session = new MpesaSession(context);
  return {
    methods: ['mpesa'],
    currencies: ['KES'],
    createPayment: (request) => createStkPayment(session, request),
    parseWebhook: (webhook) => callbackEvents(session, webhook),
    refund: (request) => b2cRefund(session, request),
    fetchStatus: (providerRef, known) => stkPaymentStatus(session, providerRef, known),
  };
}
