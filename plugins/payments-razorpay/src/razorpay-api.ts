import type { HttpClient, HttpMethod } from '@dawa/plugin-sdk';
import type { RazorpayConfig } from './config.js';
import type { RazorpayCollection, RazorpayNotes, RazorpayOrder, RazorpayPayment, RazorpayRefund } from './razorpay-entities.js';
import { razorpayError, type ErrorFields } from './razorpay-errors.js';

export interface CreateOrderBody {
  amount: number;
  currency: string;
  receipt: string;
  notes: RazorpayNotes;
}

export interface RefundBody {
  amount: number;
  receipt: string;
  notes: RazorpayNotes;
}

/**
 * The few Razorpay endpoints Dawa calls, over the plugin's HTTP client (whose base URL is `https://api.razorpay.com/v1`
 * or the fake). Basic auth with the tenant's key id and secret; failures become PluginErrors via razorpayError.
 */
export function razorpayApi(http: HttpClient, config: Pick<RazorpayConfig, 'keyId' | 'keySecret'>) {
  const authorization = `Basic ${Buffer.from(`${config.keyId}:${config.keySecret}`).toString('base64')}`;
  const call = async <T>(
    what: string,
    blame: ErrorFields,
    request: { method: HttpMethod; path: string; json?: unknown; headers?: Record<string, string> },
  ): Promise<T> => {
    const response = await http.request({ ...request, headers: { ...request.headers, authorization } });
    if (response.status >= 300) throw razorpayError(response, what, blame);
    return response.json<T>();
  };
  const order = (orderId: string) => `/orders/${encodeURIComponent(orderId)}`;
  const lookup: ErrorFields = { fallback: 'providerRef' };

  return {
    createOrder: (body: CreateOrderBody) =>
      call<RazorpayOrder>(
        'creating an order',
        { fields: { amount: 'amount', currency: 'currency', receipt: 'paymentId', notes: 'metadata' }, fallback: 'payment' },
        { method: 'POST', path: '/orders', json: body },
      ),
    fetchOrder: (orderId: string) => call<RazorpayOrder>('fetching an order', lookup, { method: 'GET', path: order(orderId) }),
    fetchOrderPayments: (orderId: string) =>
      call<RazorpayCollection<RazorpayPayment>>("fetching an order's payments", lookup, {
        method: 'GET',
        path: `${order(orderId)}/payments`,
      }),
    refundPayment: (paymentId: string, body: RefundBody, idempotencyKey: string) =>
      call<RazorpayRefund>(
        'refunding a payment',
        { fields: { amount: 'amount', id: 'providerPaymentId', payment_id: 'providerPaymentId' }, fallback: 'refund' },
        {
          method: 'POST',
          path: `/payments/${encodeURIComponent(paymentId)}/refund`,
          json: body,
          headers: { 'x-refund-idempotency': idempotencyKey },
        },
      ),
  };
}

export type RazorpayApi = ReturnType<typeof razorpayApi>;
