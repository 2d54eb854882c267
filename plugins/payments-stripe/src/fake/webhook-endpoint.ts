import { deliverWebhook } from '@dawa/plugin-sdk/fakes';
import { hmacDigest, type IncomingWebhook } from '@dawa/plugin-sdk';
import Stripe from 'stripe';
import { stripeId, unixNow } from './stripe-ids.js';

export interface StripeEvent {
  id: string;
  object: 'event';
  api_version: string;
  created: number;
  data: { object: object; previous_attributes?: Record<string, unknown> };
  livemode: false;
  pending_webhooks: number;
  request: { id: string | null; idempotency_key: string | null };
  type: string;
}

/** One event as Stripe POSTs it: the pretty-printed JSON it signed and the headers it sends. */
export interface SignedDelivery {
  event: StripeEvent;
  webhook: Pick<IncomingWebhook, 'rawBody' | 'headers'>;
}

// In test mode Stripe adds a `v0` entry signed with a key the endpoint does not know; receivers must ignore it.
const TEST_MODE_V0_KEY = 'whsec_stripe_test_mode_scheme_v0';

/** `Stripe-Signature` as Stripe computes it: `t=<unix>,v1=hex(HMAC-SHA256(whsec_…, "<t>.<body>"))`. */
export function stripeSignature(payload: string, secret: string, timestamp: number): string {
  const signed = `${timestamp}.${payload}`;
  return `t=${timestamp},v1=${hmacDigest('sha256', secret, signed, 'hex')},v0=${hmacDigest('sha256', TEST_MODE_V0_KEY, signed, 'hex')}`;
}

/**
 * The account's webhook endpoint as registered in the Stripe dashboard: every event is recorded and signed, and,
 * when a URL is registered, delivered one POST per event, in order, after the API call that caused it.
 */
export class WebhookEndpoint {
  readonly events: StripeEvent[] = [];
  readonly deliveryStatuses = new Map<string, number | string>();
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly secret: string,
    private readonly url: string | undefined,
  ) {}

  record(type: string, object: object, request: StripeEvent['request'], previous?: Record<string, unknown>): StripeEvent {
    const event: StripeEvent = {
      id: stripeId('evt'),
      object: 'event',
      api_version: Stripe.API_VERSION,
      created: unixNow(),
      data: { object: structuredClone(object), ...(previous ? { previous_attributes: previous } : {}) },
      livemode: false,
      pending_webhooks: this.url ? 1 : 0,
      request,
      type,
    };
    this.events.push(event);
    return event;
  }

  /** Signs an event for delivery now: Stripe signs every attempt afresh, with the time of that attempt. */
  sign(event: StripeEvent): SignedDelivery {
    const payload = JSON.stringify(event, null, 2);
    return {
      event,
      webhook: {
        rawBody: Buffer.from(payload),
        headers: {
          'content-type': 'application/json; charset=utf-8',
          'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
          'stripe-signature': stripeSignature(payload, this.secret, unixNow()),
        },
      },
    };
  }

  /** Queues the events' delivery; resolves when they (and everything queued before them) have been attempted. */
  deliver(events: readonly StripeEvent[]): Promise<void> {
    const url = this.url;
    if (!url) return this.queue;
    this.queue = this.queue.then(async () => {
      for (const event of events) {
        const status = await deliverWebhook(url, this.sign(event).webhook).catch((error: Error) => error.message);
        this.deliveryStatuses.set(event.id, status);
      }
    });
    return this.queue;
  }
}
