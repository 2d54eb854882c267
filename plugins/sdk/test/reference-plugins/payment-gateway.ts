import {
  definePlugin,
  hmacDigest,
  PLUGIN_API_VERSION,
  PluginError,
  safeEqual,
  secret,
  WebhookVerificationError,
  webhookHeader,
  z,
  type PaymentProvider,
} from '../../src/index.js';
import type { PaymentFake } from '../../src/testing/index.js';
import { json, startFakeServer } from '../../src/fakes/index.js';

// A minimal card gateway and the plugin for it: a worked example that the payment contract suite really checks.

interface Order {
  id: string;
  amount: number;
  currency: string;
  receipt: string;
  paid: number;
  paymentId?: string;
  refunds: Map<string, { id: string; amount: number }>;
}

export async function startPaymentGatewayFake(credentials: {
  keyId: string;
  keySecret: string;
  webhookSecret: string;
}): Promise<PaymentFake> {
  const orders = new Map<string, Order>();
  const basic = `Basic ${Buffer.from(`${credentials.keyId}:${credentials.keySecret}`).toString('base64')}`;
  const server = await startFakeServer(({ method, path, headers, body }) => {
    if (headers.authorization !== basic) return json(401, { error: { code: 'BAD_REQUEST_ERROR', description: 'Authentication failed' } });
    const [, , id, action] = path.split('/');
    if (method === 'POST' && path === '/orders') {
      const { amount, currency, receipt } = JSON.parse(body.toString());
      const order: Order = { id: `order_${orders.size + 1}`, amount, currency, receipt, paid: 0, refunds: new Map() };
      orders.set(order.id, order);
      return json(200, { id: order.id, amount, currency, receipt, status: 'created' });
    }
    const order = orders.get(id);
    if (!order) return json(404, { error: { code: 'BAD_REQUEST_ERROR', description: 'No such order' } });
    if (action === 'refunds') {
      const key = String(headers['idempotency-key']);
      const refund = order.refunds.get(key) ?? { id: `rfnd_${key}`, amount: JSON.parse(body.toString()).amount };
      order.refunds.set(key, refund);
      return json(200, { ...refund, status: 'processed' });
    }
    const refunded = [...order.refunds.values()].reduce((sum, r) => sum + r.amount, 0);
    return json(200, {
      id: order.id,
      amount: order.amount,
      amount_paid: order.paid,
      amount_refunded: refunded,
      status: order.paid ? 'paid' : 'created',
      payments: order.paymentId ? [order.paymentId] : [],
    });
  });
  return {
    ...server,
    async completePayment(orderId) {
      const order = orders.get(orderId)!;
      order.paid = order.amount;
      order.paymentId = `pay_${orderId}`;
      const event = {
        id: `evt_${orderId}`,
        event: 'payment.captured',
        order_id: orderId,
        payment_id: order.paymentId,
        amount: order.amount,
        currency: order.currency,
        created_at: 1_763_700_000,
      };
      const rawBody = Buffer.from(JSON.stringify(event));
      return {
        rawBody,
        url: 'https://dawa.example/api/v1/webhooks/test/payments-reference',
        headers: { 'x-signature': hmacDigest('sha256', credentials.webhookSecret, rawBody, 'hex') },
      };
    },
    refundedAmount: async (orderId) => [...orders.get(orderId)!.refunds.values()].reduce((sum, r) => sum + r.amount, 0),
  };
}

export default definePlugin({
  name: 'payments-reference',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  countries: ['IN'],
  configSchema: z.object({ keyId: z.string(), keySecret: secret(z.string()), webhookSecret: secret(z.string()) }),
  baseUrl: () => 'https://api.gateway.example',
  provides: {
    payment: ({ config, http }): PaymentProvider => {
      const headers = { authorization: `Basic ${Buffer.from(`${config.keyId}:${config.keySecret}`).toString('base64')}` };
      const call = async <T>(method: 'GET' | 'POST', path: string, body?: unknown, extra: Record<string, string> = {}) => {
        const response = await http.request({ method, path, json: body, headers: { ...headers, ...extra } });
        if (response.status >= 400) throw new PluginError('gateway_error', response.text());
        return response.json<T>();
      };
      return {
        methods: ['card', 'upi'],
        currencies: ['INR'],
        async createPayment({ paymentId, amount, currency }) {
          const order = await call<{ id: string }>('POST', '/orders', { amount, currency, receipt: paymentId });
          return {
            providerRef: order.id,
            status: 'pending',
            amount,
            currency,
            action: { type: 'client_checkout', parameters: { order_id: order.id, key: config.keyId } },
          };
        },
        async parseWebhook(webhook) {
          // Verify before parsing: a forged body is never even read.
          const signature = webhookHeader(webhook, 'x-signature');
          if (!signature || !safeEqual(signature, hmacDigest('sha256', config.webhookSecret, webhook.rawBody, 'hex'))) {
            throw new WebhookVerificationError('x-signature does not match the body');
          }
          const event = JSON.parse(Buffer.from(webhook.rawBody).toString());
          return [
            {
              eventId: event.id,
              type: 'payment.succeeded',
              providerRef: event.order_id,
              providerPaymentId: event.payment_id,
              amount: event.amount,
              currency: event.currency,
              occurredAt: new Date(event.created_at * 1000),
            },
          ];
        },
        async refund({ refundId, providerRef, amount }) {
          const refund = await call<{ id: string; amount: number }>(
            'POST',
            `/orders/${providerRef}/refunds`,
            { amount },
            { 'idempotency-key': refundId },
          );
          return { refundId, refundRef: refund.id, status: 'succeeded', amount: refund.amount };
        },
        async fetchStatus(providerRef) {
          const order = await call<{ amount: number; amount_paid: number; amount_refunded: number; status: string; payments: string[] }>(
            'GET',
            `/orders/${providerRef}`,
          );
          return {
            providerRef,
            status: order.status === 'paid' ? 'succeeded' : 'pending',
            amount: order.amount,
            amountPaid: order.amount_paid,
            amountRefunded: order.amount_refunded,
            providerPaymentIds: order.payments,
          };
        },
      };
    },
  },
});
