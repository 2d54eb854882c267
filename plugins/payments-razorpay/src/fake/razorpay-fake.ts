import type { IncomingWebhook } from '@dawa/plugin-sdk';
import { json, startFakeServer, type FakeRequest, type FakeResponse } from '@dawa/plugin-sdk/fakes';
import type { PaymentFake } from '@dawa/plugin-sdk/testing';
import type { RazorpayPayment, RazorpayPaymentMethod } from '../razorpay-entities.js';
import { checkoutSignature } from '../razorpay-signatures.js';
import { checkoutPage } from './checkout-page.js';
import { authenticationFailed, badRequest, RazorpayFakeError, urlNotFound } from './fake-errors.js';
import { RazorpayLedger, type PaymentOutcome } from './razorpay-ledger.js';
import { WebhookOutbox } from './webhook-outbox.js';

export interface RazorpayFakeOptions {
  keyId: string;
  keySecret: string;
  webhookSecret: string;
  /** Where signed webhooks are posted, as configured in a Razorpay dashboard; without it they are only returned. */
  webhookUrl?: string;
  port?: number;
  /** How long a refund stays pending before it is processed and refund.processed is sent; Infinity: only on request. */
  refundProcessingMs?: number;
}

/** What Checkout hands the page after a payment: the ids and signature on success, the error on failure. */
export type CheckoutResponse =
  | { razorpay_payment_id: string; razorpay_order_id: string; razorpay_signature: string }
  | { error: { code: string; description: string; source: string; step: string; reason: string; metadata: Record<string, string> } };

export interface SandboxPayment {
  payment: RazorpayPayment;
  checkout: CheckoutResponse;
  /** The signed webhooks Razorpay sends for it (also delivered to webhookUrl when there is one). */
  webhooks: IncomingWebhook[];
}

export interface RazorpayFake extends PaymentFake {
  /** The fake's API base, what `https://api.razorpay.com/v1` is in production. */
  baseUrl: string;
  /** The server itself: the sandbox routes (`/__sandbox/...`) and the host for the official SDK's axios instance. */
  origin: string;
  /** The customer pays (or fails to pay) an order in Checkout. */
  pay(orderId: string, options?: { method?: RazorpayPaymentMethod; outcome?: PaymentOutcome }): Promise<SandboxPayment>;
  /** The bank answers on a pending refund now; returns refund.processed or refund.failed. */
  settleRefund(refundId: string, outcome?: 'processed' | 'failed'): Promise<IncomingWebhook[]>;
}

const API_PREFIX = '/v1';

function bodyOf(request: FakeRequest): unknown {
  if (!request.body.length) return {};
  try {
    return JSON.parse(request.body.toString('utf8'));
  } catch {
    throw badRequest('The request body is not valid JSON');
  }
}

const header = (request: FakeRequest, name: string) => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const collection = <T>(items: T[]) => ({ entity: 'collection', count: items.length, items });

/**
 * A Razorpay API on 127.0.0.1 for tests and the local sandbox: the routes Dawa and the official SDK use, under
 * `/v1` with Basic auth, Razorpay's ids, entities and error bodies, and signed webhooks after simulated customer
 * actions (`POST /__sandbox/orders/:id/pay`, a checkout page at `GET /__sandbox/checkout/:orderId`).
 */
export async function startRazorpayFake(options: RazorpayFakeOptions): Promise<RazorpayFake> {
  const ledger = new RazorpayLedger();
  const outbox = new WebhookOutbox(options.webhookSecret, options.webhookUrl);
  const refundTimers = new Set<NodeJS.Timeout>();
  const basic = `Basic ${Buffer.from(`${options.keyId}:${options.keySecret}`).toString('base64')}`;
  const refundProcessingMs = options.refundProcessingMs ?? 500;

  const settleRefund = (refundId: string, outcome: 'processed' | 'failed' = 'processed') =>
    outbox.publish(ledger.settleRefund(refundId, outcome));

  const scheduleRefund = (refundId: string) => {
    if (!Number.isFinite(refundProcessingMs)) return;
    const timer = setTimeout(() => {
      refundTimers.delete(timer);
      void settleRefund(refundId);
    }, refundProcessingMs).unref();
    refundTimers.add(timer);
  };

  const pay = async (orderId: string, { method, outcome }: { method?: RazorpayPaymentMethod; outcome?: PaymentOutcome } = {}) => {
    const { payment, events } = ledger.pay(orderId, method, outcome);
    const checkout: CheckoutResponse =
      payment.status === 'failed'
        ? {
            error: {
              code: payment.error_code!,
              description: payment.error_description!,
              source: payment.error_source!,
              step: payment.error_step!,
              reason: payment.error_reason!,
              metadata: { order_id: orderId, payment_id: payment.id },
            },
          }
        : {
            razorpay_payment_id: payment.id,
            razorpay_order_id: orderId,
            razorpay_signature: checkoutSignature(options.keySecret, orderId, payment.id),
          };
    return { payment, checkout, webhooks: await outbox.publish(events) };
  };

  /** The vendor API proper: authenticated, JSON. */
  const api = async (request: FakeRequest, path: string): Promise<FakeResponse> => {
    if (header(request, 'authorization') !== basic) throw authenticationFailed();
    const [resource, id, action, ...rest] = path.split('/').slice(1).map(decodeURIComponent);
    const route = `${request.method} ${resource}${id === undefined ? '' : '/:id'}${action === undefined ? '' : `/${action}`}`;
    if (rest.length) throw urlNotFound();
    switch (route) {
      case 'POST orders':
        return json(200, ledger.createOrder(bodyOf(request)));
      case 'GET orders/:id':
        return json(200, ledger.order(id));
      case 'GET orders/:id/payments':
        return json(200, collection(ledger.orderPayments(id)));
      case 'GET payments/:id':
        return json(200, ledger.payment(id));
      case 'POST payments/:id/capture': {
        const { payment, events } = ledger.capture(id, bodyOf(request));
        await outbox.publish(events);
        return json(200, payment);
      }
      case 'POST payments/:id/refund': {
        const refund = ledger.createRefund(id, bodyOf(request), header(request, 'x-refund-idempotency'));
        if (refund.status === 'pending') scheduleRefund(refund.id);
        return json(200, refund);
      }
      case 'GET payments/:id/refunds':
        return json(200, collection(ledger.paymentRefunds(id)));
      case 'GET refunds/:id':
        return json(200, ledger.refund(id));
      default:
        throw urlNotFound();
    }
  };

  /** What the customer does in Checkout, and what the bank does with a refund: no auth, as a demo page calls them. */
  const sandbox = async (request: FakeRequest, path: string): Promise<FakeResponse> => {
    const [resource, id, action] = path.split('/').slice(1).map(decodeURIComponent);
    const body = bodyOf(request) as { method?: RazorpayPaymentMethod; outcome?: PaymentOutcome | 'processed' | 'failed' };
    if (request.method === 'GET' && resource === 'checkout' && id) {
      return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: checkoutPage(ledger.order(id)) };
    }
    if (request.method === 'POST' && resource === 'orders' && action === 'pay') {
      const { payment, checkout, webhooks } = await pay(id, {
        method: body.method,
        outcome: body.outcome === 'failure' ? 'failure' : 'success',
      });
      return json(200, { payment, checkout, webhooks: webhooks.map(describeWebhook) });
    }
    if (request.method === 'POST' && resource === 'refunds' && action === 'settle') {
      const webhooks = await settleRefund(id, body.outcome === 'failed' ? 'failed' : 'processed');
      return json(200, { refund: ledger.refund(id), webhooks: webhooks.map(describeWebhook) });
    }
    throw urlNotFound();
  };

  const server = await startFakeServer(
    async (request) => {
      try {
        if (request.path.startsWith(`${API_PREFIX}/`)) return await api(request, request.path.slice(API_PREFIX.length));
        if (request.path.startsWith('/__sandbox/')) return await sandbox(request, request.path.slice('/__sandbox'.length));
        throw urlNotFound();
      } catch (error) {
        if (error instanceof RazorpayFakeError) return error.response();
        throw error;
      }
    },
    { port: options.port },
  );

  return {
    baseUrl: `${server.baseUrl}${API_PREFIX}`,
    origin: server.baseUrl,
    pay,
    settleRefund,
    async completePayment(orderId) {
      const { webhooks } = await pay(orderId);
      return webhooks[webhooks.length - 1];
    },
    refundedAmount: async (orderId) => ledger.refundedOnOrder(orderId),
    async stop() {
      for (const timer of refundTimers) clearTimeout(timer);
      await outbox.close();
      await server.stop();
    },
  };
}

/** A webhook in the sandbox's JSON answer: the exact body and headers, so a demo can replay it with curl. */
function describeWebhook(webhook: IncomingWebhook) {
  return { headers: webhook.headers, body: Buffer.from(webhook.rawBody).toString('utf8') };
}
