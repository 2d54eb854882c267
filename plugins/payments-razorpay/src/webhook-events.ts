import { createHash } from 'node:crypto';
import {
  PluginInputError,
  safeEqual,
  WebhookVerificationError,
  webhookHeader,
  type IncomingWebhook,
  type PaymentEvent,
  type PaymentEventType,
} from '@dawa/plugin-sdk';
import type { RazorpayNotes, RazorpayOrder, RazorpayPayment, RazorpayRefund, RazorpayWebhookEvent } from './razorpay-entities.js';
import { webhookSignature } from './razorpay-signatures.js';

/** The note under which createPayment keeps Dawa's full payment id on the order. */
export const DAWA_PAYMENT_ID_NOTE = 'dawa_payment_id';

/** Verifies `X-Razorpay-Signature` over the raw bytes, in constant time, before anything reads the body. */
function verifiedBody(webhook: IncomingWebhook, webhookSecret: string): string {
  const signature = webhookHeader(webhook, 'x-razorpay-signature');
  if (!signature) throw new WebhookVerificationError('X-Razorpay-Signature is missing');
  if (!safeEqual(signature, webhookSignature(webhookSecret, webhook.rawBody))) {
    throw new WebhookVerificationError('X-Razorpay-Signature does not match the body under the webhook secret');
  }
  return Buffer.from(webhook.rawBody).toString('utf8');
}

function malformed(message: string): PluginInputError {
  return new PluginInputError([{ field: 'rawBody', message }]);
}

function envelopeOf(body: string): RazorpayWebhookEvent {
  let event: unknown;
  try {
    event = JSON.parse(body);
  } catch {
    throw malformed('a correctly signed webhook whose body is not JSON');
  }
  if (typeof event !== 'object' || event === null || typeof (event as RazorpayWebhookEvent).event !== 'string') {
    throw malformed('a correctly signed webhook without an event name');
  }
  return event as RazorpayWebhookEvent;
}

/** Razorpay names each event in `x-razorpay-event-id`; a delivery without it is named by its body, which retries repeat. */
function eventIdOf(webhook: IncomingWebhook, body: string): string {
  return webhookHeader(webhook, 'x-razorpay-event-id') ?? `body_${createHash('sha256').update(body).digest('hex').slice(0, 32)}`;
}

function noted(notes: RazorpayNotes | undefined, name: string): string | undefined {
  return Array.isArray(notes) ? undefined : notes?.[name];
}

type EventBase = Pick<PaymentEvent, 'eventId' | 'type' | 'occurredAt'>;
type Payload = RazorpayWebhookEvent['payload'];

/** An entity the event must carry; without it a correctly signed event is malformed. */
function entityOf<K extends keyof Payload>(event: RazorpayWebhookEvent, name: K): NonNullable<Payload[K]>['entity'] {
  const entity = event.payload[name]?.entity;
  if (!entity?.id) throw malformed(`${event.event} without payload.${name}.entity`);
  return entity;
}

function paymentEvents(event: RazorpayWebhookEvent, base: EventBase): PaymentEvent[] {
  const payment: RazorpayPayment = entityOf(event, 'payment');
  // Payments taken without an order (payment links, QR codes made in the dashboard) are not Dawa's.
  if (!payment.order_id) return [];
  const order: RazorpayOrder | undefined = event.payload.order?.entity;
  const paymentId = order ? (noted(order.notes, DAWA_PAYMENT_ID_NOTE) ?? order.receipt ?? undefined) : undefined;
  const failure = { code: payment.error_code ?? 'payment_failed', message: payment.error_description ?? 'The payment failed' };
  return [
    {
      ...base,
      providerRef: payment.order_id,
      providerPaymentId: payment.id,
      ...(paymentId && { paymentId }),
      amount: payment.amount,
      currency: payment.currency,
      ...(base.type === 'payment.failed' && { failure }),
    },
  ];
}

function refundEvents(event: RazorpayWebhookEvent, base: EventBase): PaymentEvent[] {
  const refund: RazorpayRefund = entityOf(event, 'refund');
  const orderId = event.payload.payment?.entity.order_id;
  if (!orderId) return [];
  const failure = { code: 'refund_failed', message: 'Razorpay could not process the refund' };
  return [
    {
      ...base,
      providerRef: orderId,
      providerPaymentId: refund.payment_id,
      refundRef: refund.id,
      amount: refund.amount,
      currency: refund.currency,
      ...(base.type === 'refund.failed' && { failure }),
    },
  ];
}

/** The Razorpay events Dawa acts on: what each means to Dawa, and where its entities are. */
const HANDLED_EVENTS: Readonly<Record<string, { type: PaymentEventType; events: typeof paymentEvents }>> = {
  'payment.authorized': { type: 'payment.pending', events: paymentEvents },
  'payment.captured': { type: 'payment.succeeded', events: paymentEvents },
  'payment.failed': { type: 'payment.failed', events: paymentEvents },
  'order.paid': { type: 'payment.succeeded', events: paymentEvents },
  'refund.processed': { type: 'refund.succeeded', events: refundEvents },
  'refund.failed': { type: 'refund.failed', events: refundEvents },
};

/**
 * A Razorpay webhook as Dawa events: payment.captured and order.paid both mean the money is in (Razorpay sends both,
 * in no guaranteed order, and the host books a payment once), payment.authorized that it is reserved but not yet
 * captured, refund.processed/failed a refund's outcome. Events Dawa does not act on give no events, not an error,
 * so the dashboard may subscribe to more than Dawa needs.
 */
export function parseRazorpayWebhook(webhook: IncomingWebhook, webhookSecret: string): PaymentEvent[] {
  const body = verifiedBody(webhook, webhookSecret);
  const event = envelopeOf(body);
  const handled = Object.hasOwn(HANDLED_EVENTS, event.event) ? HANDLED_EVENTS[event.event] : undefined;
  if (!handled) return [];
  if (typeof event.payload !== 'object' || event.payload === null) throw malformed(`${event.event} without a payload`);
  if (typeof event.created_at !== 'number') throw malformed(`${event.event} without created_at`);
  return handled.events(event, { eventId: eventIdOf(webhook, body), type: handled.type, occurredAt: new Date(event.created_at * 1000) });
}
