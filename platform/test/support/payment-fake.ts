import { hmacDigest } from '@dawa/plugin-sdk';
import { json, startFakeServer } from '@dawa/plugin-sdk/fakes';
import type { WireEvent } from '../fixtures/plugins/payment-fixture-gateway.js';

export const GATEWAY_CREDENTIALS = { keyId: 'key_test', keySecret: 'key-secret-1', webhookSecret: 'whsec-test-1' };
export const PATH_TOKEN = 'tok_0123456789abcdef0123';

interface FakePayment {
  id: string;
  amount: number;
  currency: string;
  reference: string;
  phone?: string;
  callbackUrl: string;
  status: 'pending' | 'succeeded' | 'failed';
  amountPaid: number;
  receipts: string[];
  refunds: Map<string, { id: string; amount: number; status: 'pending' | 'succeeded'; phone?: string; callbackUrl?: string }>;
}

export interface PaymentFakeGateway {
  baseUrl: string;
  stop(): Promise<void>;
  payments: Map<string, FakePayment>;
  /** The customer pays (at the provider): what a status query then reports. */
  pay(ref: string, amount?: number): FakePayment;
  /** How many distinct refunds the provider has made for a payment, and for how much. */
  refunds(ref: string): { count: number; amount: number; calls: number };
  /** A refund made at the provider's dashboard, outside Dawa. */
  refundOutside(ref: string, amount: number): void;
}

/** The test payment gateway's vendor API: payments, refunds deduplicated on Dawa's refund id, status queries. */
export async function startPaymentFake(): Promise<PaymentFakeGateway> {
  const payments = new Map<string, FakePayment>();
  const basic = `Basic ${Buffer.from(`${GATEWAY_CREDENTIALS.keyId}:${GATEWAY_CREDENTIALS.keySecret}`).toString('base64')}`;
  const refundCalls = new Map<string, number>();
  const server = await startFakeServer(({ method, path, headers, body }) => {
    if (headers.authorization !== basic) return json(401, { error: 'bad credentials' });
    const [, , id, action] = path.split('/');
    if (method === 'POST' && path === '/payments') {
      const request = JSON.parse(body.toString());
      const payment: FakePayment = {
        id: `fx_${payments.size + 1}_${request.reference.slice(0, 8)}`,
        amount: request.amount,
        currency: request.currency,
        reference: request.reference,
        phone: request.phone,
        callbackUrl: request.callback_url,
        status: 'pending',
        amountPaid: 0,
        receipts: [],
        refunds: new Map(),
      };
      payments.set(payment.id, payment);
      return json(200, { id: payment.id, status: 'pending' });
    }
    const payment = payments.get(id);
    if (!payment) return json(404, { error: 'no such payment' });
    if (method === 'POST' && action === 'refunds') {
      const request = JSON.parse(body.toString());
      refundCalls.set(payment.id, (refundCalls.get(payment.id) ?? 0) + 1);
      const refund = payment.refunds.get(request.refund_id) ?? {
        id: `rf_${request.refund_id}`,
        amount: request.amount,
        status: request.async ? 'pending' : 'succeeded',
        phone: request.phone,
        callbackUrl: request.callback_url,
      };
      payment.refunds.set(request.refund_id, refund);
      return json(200, refund);
    }
    const refunded = [...payment.refunds.values()].reduce((sum, r) => sum + r.amount, 0);
    return json(200, {
      id: payment.id,
      amount: payment.amount,
      status: payment.status,
      amount_paid: payment.amountPaid,
      amount_refunded: refunded,
      receipts: payment.receipts,
    });
  });
  return {
    ...server,
    payments,
    pay(ref, amount) {
      const payment = payments.get(ref)!;
      payment.status = 'succeeded';
      payment.amountPaid = amount ?? payment.amount;
      payment.receipts = [`rcpt_${ref}`];
      return payment;
    },
    refunds(ref) {
      const list = [...(payments.get(ref)?.refunds.values() ?? [])];
      return { count: list.length, amount: list.reduce((sum, r) => sum + r.amount, 0), calls: refundCalls.get(ref) ?? 0 };
    },
    refundOutside(ref, amount) {
      payments.get(ref)!.refunds.set(`outside-${amount}`, { id: `rf_outside_${amount}`, amount, status: 'succeeded' });
    },
  };
}

export type GatewayEvent = WireEvent;

/** The raw body and headers of a webhook, signed as the signed fixture gateway signs it. */
export function signedWebhook(event: GatewayEvent | { events: GatewayEvent[] }, secret = GATEWAY_CREDENTIALS.webhookSecret) {
  const body = Buffer.from(JSON.stringify('events' in event ? event : { created_at: 1_763_700_000, ...event }));
  return { body, headers: { 'content-type': 'application/json', 'x-fixture-signature': hmacDigest('sha256', secret, body, 'hex') } };
}
