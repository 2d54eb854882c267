import { PluginInputError, type PaymentProvider, type PluginContext, type Refund } from '@dawa/plugin-sdk';
import type { RazorpayConfig } from './config.js';
import { razorpayApi } from './razorpay-api.js';
import type { RazorpayRefund } from './razorpay-entities.js';
import { isCaptured, statusReport } from './payment-status.js';
import { refundIdempotencyKey, vendorReceipt } from './vendor-keys.js';
import { DAWA_PAYMENT_ID_NOTE, parseRazorpayWebhook } from './webhook-events.js';

/** Razorpay refuses a note value longer than this. */
const NOTE_MAX_LENGTH = 256;

const REFUND_STATUS: Readonly<Record<RazorpayRefund['status'], Refund['status']>> = {
  pending: 'pending',
  processed: 'succeeded',
  failed: 'failed',
};

/**
 * Razorpay for one tenant: an order per Dawa payment, paid by the customer through Razorpay Checkout on the POS
 * (UPI QR or intent, card, netbanking, wallet). Razorpay sends webhooks to the URL configured once in the tenant's
 * dashboard, so the per-payment callbackUrl is not sent.
 */
export function razorpayPayments({ config, http, tenant }: PluginContext<RazorpayConfig>): PaymentProvider {
  const api = razorpayApi(http, config);

  /** The captured payment of an order: Razorpay refunds payments, Dawa knows orders. */
  const capturedPaymentOf = async (orderId: string): Promise<string> => {
    const { items } = await api.fetchOrderPayments(orderId);
    const captured = items.find(isCaptured);
    if (!captured)
      throw new PluginInputError([{ field: 'providerRef', message: `Razorpay order ${orderId} has no captured payment to refund` }]);
    return captured.id;
  };

  return {
    methods: ['upi', 'card', 'netbanking', 'wallet'],
    currencies: ['INR'],

    async createPayment({ paymentId, amount, currency, method, description, customer, metadata }) {
      const order = await api.createOrder({
        amount,
        currency,
        receipt: vendorReceipt(paymentId),
        notes: { ...metadata, [DAWA_PAYMENT_ID_NOTE]: paymentId },
      });
      const prefill = {
        'prefill.name': customer?.name,
        'prefill.email': customer?.email,
        'prefill.contact': customer?.phone,
        'prefill.method': method,
      };
      return {
        providerRef: order.id,
        status: 'pending',
        amount: order.amount,
        currency: order.currency,
        action: {
          type: 'client_checkout',
          // Razorpay Checkout's own option names, so the POS can pass them straight to `new Razorpay(options)`.
          parameters: {
            key: config.keyId,
            order_id: order.id,
            amount: String(order.amount),
            currency: order.currency,
            name: config.checkoutName ?? tenant.slug,
            description,
            ...Object.fromEntries(Object.entries(prefill).filter((entry): entry is [string, string] => Boolean(entry[1]))),
          },
        },
      };
    },

    async parseWebhook(webhook) {
      return parseRazorpayWebhook(webhook, config.webhookSecret);
    },

    async refund({ refundId, providerRef, providerPaymentId, amount, currency, reason }) {
      if (currency !== 'INR')
        throw new PluginInputError([{ field: 'currency', message: `Razorpay refunds INR payments, not ${currency}` }]);
      const paymentToRefund = providerPaymentId ?? (await capturedPaymentOf(providerRef));
      // The body must be byte-for-byte the same on a retry, or Razorpay refuses the repeated idempotency key.
      const refund = await api.refundPayment(
        paymentToRefund,
        {
          amount,
          receipt: vendorReceipt(refundId),
          notes: { dawa_refund_id: refundId, ...(reason && { reason: reason.slice(0, NOTE_MAX_LENGTH) }) },
        },
        refundIdempotencyKey(refundId),
      );
      return { refundId, refundRef: refund.id, status: REFUND_STATUS[refund.status], amount: refund.amount };
    },

    async fetchStatus(providerRef) {
      const [order, payments] = await Promise.all([api.fetchOrder(providerRef), api.fetchOrderPayments(providerRef)]);
      return statusReport(order, payments.items);
    },
  };
}
