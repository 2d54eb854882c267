import type { IncomingWebhook, MinorUnits } from '@dawa/plugin-sdk';
import { json, startFakeServer, type FakeRequest, type FakeResponse } from '@dawa/plugin-sdk/fakes';
import type { PaymentFake } from '@dawa/plugin-sdk/testing';
import Stripe from 'stripe';
import { StripeApiError } from './api-errors.js';
import { routeRequest, stripeRoutes } from './api-routes.js';
import { decodeStripeParams, type ParamObject } from './form-params.js';
import { IdempotencyKeys } from './idempotency.js';
import { PaymentIntents, type PaymentIntentObject } from './payment-intents.js';
import { Refunds } from './refunds.js';
import { stripeId } from './stripe-ids.js';
import { WebhookEndpoint, type StripeEvent } from './webhook-endpoint.js';

export interface StripeFakeOptions {
  /** The account's secret key: requests must carry it as `Authorization: Bearer sk_…`. */
  secretKey: string;
  /** The signing secret of the account's webhook endpoint. */
  webhookSecret: string;
  /** Where the endpoint is registered (the platform's webhook URL); without one, events are recorded, not sent. */
  webhookUrl?: string;
  port?: number;
}

/** A webhook the customer's action caused, exactly as Stripe sends it. */
export interface SandboxWebhook {
  id: string;
  type: string;
  body: string;
  headers: Record<string, string>;
}

export interface StripeFake extends PaymentFake {
  /** The customer's card is declined (pm_card_chargeDeclined); returns the payment_intent.payment_failed webhook. */
  failPayment(providerRef: string): Promise<IncomingWebhook>;
  /** Every event the account has produced, oldest first, as the dashboard lists them. */
  events(): readonly StripeEvent[];
  /** Resolves once every event so far has been POSTed to the webhook URL (Stripe delivers after answering the call). */
  webhooksDelivered(): Promise<void>;
  /** The fake's view of a PaymentIntent, for assertions. */
  paymentIntent(providerRef: string): PaymentIntentObject;
}

const SANDBOX_CARDS = { succeed: 'pm_card_visa', fail: 'pm_card_chargeDeclined' } as const;
const EVENT_FOR_ACTION = { succeed: 'payment_intent.succeeded', fail: 'payment_intent.payment_failed' } as const;

const maskedKey = (key: string) => `${key.slice(0, 8)}${'*'.repeat(Math.max(key.length - 12, 0))}${key.slice(-4)}`;

function authenticationFailure(authorization: string | undefined, secretKey: string): FakeResponse | undefined {
  const presented = authorization?.startsWith('Bearer ')
    ? authorization.slice(7)
    : authorization?.startsWith('Basic ')
      ? Buffer.from(authorization.slice(6), 'base64').toString().split(':')[0]
      : undefined;
  if (presented === secretKey) return undefined;
  const message = presented
    ? `Invalid API Key provided: ${maskedKey(presented)}`
    : "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or we can help at https://support.stripe.com/.";
  return {
    ...json(401, { error: { message, type: 'invalid_request_error' } }),
    headers: { 'content-type': 'application/json', 'www-authenticate': 'Bearer realm="Stripe"' },
  };
}

const headerValue = (request: FakeRequest, name: string) => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * A Stripe account's API as stripe-node speaks it (form-encoded, Bearer key, Stripe's error bodies and
 * Idempotency-Key semantics, the PaymentIntent status machine, signed webhooks), for tests and the local sandbox.
 * `POST /__sandbox/payment_intents/:id/{succeed|fail}` stands in for the customer paying with a test card.
 */
export async function startStripeFake(options: StripeFakeOptions): Promise<StripeFake> {
  const endpoint = new WebhookEndpoint(options.webhookSecret, options.webhookUrl);
  // Calls run synchronously, one at a time: the events sunk while one runs are the events it caused.
  let caused: StripeEvent[] = [];
  let request: StripeEvent['request'] = { id: null, idempotency_key: null };
  const sink = (type: string, object: object, previous?: Record<string, unknown>) => {
    caused.push(endpoint.record(type, object, request, previous));
  };
  const payments = new PaymentIntents(sink);
  const refunds = new Refunds(payments, sink);
  const routes = stripeRoutes(payments, refunds);
  const idempotency = new IdempotencyKeys();

  function api(incoming: FakeRequest): FakeResponse {
    const refused = authenticationFailure(headerValue(incoming, 'authorization'), options.secretKey);
    if (refused) return refused;
    const requestId = stripeId('req', 14);
    const headers = { 'content-type': 'application/json', 'request-id': requestId, 'stripe-version': Stripe.API_VERSION };
    const answer = (status: number, body: unknown): FakeResponse => ({ ...json(status, body), headers });
    const key = incoming.method === 'POST' ? headerValue(incoming, 'idempotency-key') : undefined;
    caused = [];
    request = { id: requestId, idempotency_key: key ?? null };
    let values: ParamObject = {};
    try {
      values = decodeStripeParams(incoming.method === 'GET' ? incoming.query : new URLSearchParams(incoming.body.toString('utf8')));
      const replayed = key === undefined ? undefined : idempotency.replay(key, incoming.path, values, requestId);
      if (replayed) return replayed;
      const response = answer(200, routeRequest(routes, incoming.method, incoming.path, values));
      if (key !== undefined) idempotency.save(key, incoming.path, values, requestId, response);
      return response;
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      const response = answer(error.status, error.toJSON());
      if (key !== undefined && !error.validation && error.body.type !== 'idempotency_error')
        idempotency.save(key, incoming.path, values, requestId, response);
      return response;
    } finally {
      void endpoint.deliver(caused);
    }
  }

  /** The customer confirms with a test card in Stripe.js; the events it causes are delivered, then answered. */
  async function sandbox(incoming: FakeRequest): Promise<FakeResponse> {
    const match = /^\/__sandbox\/payment_intents\/([^/]+)\/(succeed|fail)$/.exec(incoming.path);
    if (incoming.method !== 'POST' || !match)
      return json(404, { error: { type: 'invalid_request_error', message: `No sandbox action at ${incoming.path}` } });
    const [, id, action] = match as unknown as [string, string, keyof typeof SANDBOX_CARDS];
    caused = [];
    request = { id: null, idempotency_key: null };
    try {
      payments.confirm(id, SANDBOX_CARDS[action]);
    } catch (error) {
      if (!(error instanceof StripeApiError)) throw error;
      if (error.status !== 402) return json(error.status, error.toJSON());
    }
    const events = caused;
    await endpoint.deliver(events);
    const webhooks: SandboxWebhook[] = events.map((event) => {
      const { webhook } = endpoint.sign(event);
      return {
        id: event.id,
        type: event.type,
        body: Buffer.from(webhook.rawBody).toString('utf8'),
        headers: webhook.headers as Record<string, string>,
      };
    });
    return json(200, { payment_intent: payments.get(id), webhooks });
  }

  const server = await startFakeServer((incoming) => (incoming.path.startsWith('/__sandbox/') ? sandbox(incoming) : api(incoming)), {
    port: options.port,
  });
  const webhookUrl = options.webhookUrl ?? 'https://dawa.example/api/v1/webhooks/sandbox/payments-stripe';

  async function customerAction(providerRef: string, action: keyof typeof SANDBOX_CARDS): Promise<IncomingWebhook> {
    const response = await fetch(`${server.baseUrl}/__sandbox/payment_intents/${providerRef}/${action}`, { method: 'POST' });
    const answer = (await response.json()) as { webhooks?: SandboxWebhook[]; error?: { message: string } };
    const webhook = answer.webhooks?.find((w) => w.type === EVENT_FOR_ACTION[action]);
    if (!webhook)
      throw new Error(`The sandbox sent no ${EVENT_FOR_ACTION[action]} for ${providerRef}: ${answer.error?.message ?? 'none caused'}`);
    return { rawBody: Buffer.from(webhook.body), headers: webhook.headers, url: webhookUrl };
  }

  return {
    baseUrl: server.baseUrl,
    completePayment: (providerRef) => customerAction(providerRef, 'succeed'),
    failPayment: (providerRef) => customerAction(providerRef, 'fail'),
    async refundedAmount(providerRef): Promise<MinorUnits> {
      const charge = payments.get(providerRef).latest_charge;
      return charge ? payments.charge(charge).amount_refunded : 0;
    },
    events: () => endpoint.events,
    webhooksDelivered: () => endpoint.deliver([]),
    paymentIntent: (providerRef) => structuredClone(payments.get(providerRef)),
    async stop() {
      await endpoint.deliver([]);
      await server.stop();
    },
  };
}
