import {
  PluginError,
  WebhookVerificationError,
  webhookHeader,
  type Clock,
  type IncomingWebhook,
  type PaymentEvent,
} from '@dawa/plugin-sdk';
import Stripe from 'stripe';

/** Stripe's own tolerance: a signed delivery older than this is a replay, not a retry (Stripe re-signs retries). */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/**
 * Verifies `Stripe-Signature` with stripe-node (HMAC-SHA256 over `t.body`, any of several v1 entries, constant-time
 * compare, at most 300 s old by the tenant's clock) and only then reads the event.
 */
function verifiedEvent(stripe: Stripe, webhookSecret: string, clock: Clock, webhook: IncomingWebhook): Stripe.Event {
  const header = webhookHeader(webhook, 'stripe-signature');
  if (!header) throw new WebhookVerificationError('Stripe-Signature header missing');
  try {
    return stripe.webhooks.constructEvent(
      webhook.rawBody,
      header,
      webhookSecret,
      SIGNATURE_TOLERANCE_SECONDS,
      undefined,
      clock.now().getTime(),
    );
  } catch (error) {
    if (error instanceof SyntaxError) throw new PluginError('invalid_webhook', 'A correctly signed Stripe event is not JSON');
    // stripe-node also throws plain Errors for malformed headers (an empty v1 entry): all of them mean "not verified".
    throw new WebhookVerificationError(`Stripe-Signature does not verify: ${(error as Error).message.split('\n')[0]}`);
  }
}

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === 'string' ? value : value?.id);

function paymentIntentEvent(event: Stripe.Event, intent: Stripe.PaymentIntent): PaymentEvent | undefined {
  const base = {
    eventId: event.id,
    providerRef: intent.id,
    paymentId: intent.metadata?.dawa_payment_id,
    currency: intent.currency.toUpperCase(),
    occurredAt: new Date(event.created * 1000),
  };
  switch (event.type) {
    case 'payment_intent.succeeded':
      return { ...base, type: 'payment.succeeded', amount: intent.amount_received, providerPaymentId: idOf(intent.latest_charge) };
    case 'payment_intent.processing':
      return { ...base, type: 'payment.pending', amount: intent.amount };
    case 'payment_intent.payment_failed': {
      const error = intent.last_payment_error;
      const code = error?.decline_code ?? error?.code ?? 'payment_failed';
      return { ...base, type: 'payment.failed', amount: intent.amount, failure: { code, message: error?.message ?? 'The payment failed' } };
    }
    case 'payment_intent.canceled': {
      // Dawa's events have no "cancelled": a cancelled PaymentIntent can no longer be paid, which is a failure to pay.
      const reason = intent.cancellation_reason ?? 'canceled';
      return {
        ...base,
        type: 'payment.failed',
        amount: intent.amount,
        failure: { code: 'canceled', message: `Payment canceled (${reason})` },
      };
    }
    default:
      return undefined;
  }
}

function refundEvent(event: Stripe.Event, refund: Stripe.Refund): PaymentEvent | undefined {
  const failed = refund.status === 'failed' || refund.status === 'canceled';
  if (refund.status !== 'succeeded' && !failed) return undefined;
  return {
    eventId: event.id,
    type: failed ? 'refund.failed' : 'refund.succeeded',
    providerRef: idOf(refund.payment_intent) ?? '',
    providerPaymentId: idOf(refund.charge),
    refundRef: refund.id,
    amount: refund.amount,
    currency: refund.currency.toUpperCase(),
    ...(failed ? { failure: { code: refund.failure_reason ?? refund.status ?? 'failed', message: `Refund ${refund.status}` } } : {}),
    occurredAt: new Date(event.created * 1000),
  };
}

function eventsOf(event: Stripe.Event): PaymentEvent[] {
  switch (event.type) {
    case 'payment_intent.succeeded':
    case 'payment_intent.processing':
    case 'payment_intent.payment_failed':
    case 'payment_intent.canceled':
      return [paymentIntentEvent(event, event.data.object)].filter((e) => e !== undefined);
    case 'refund.created':
    case 'refund.updated':
    case 'refund.failed':
    case 'charge.refund.updated':
      return [refundEvent(event, event.data.object)].filter((e) => e !== undefined);
    case 'charge.refunded':
      // Current API versions no longer list the refunds on the charge; refund.* events then carry them.
      return (event.data.object.refunds?.data ?? []).map((refund) => refundEvent(event, refund)).filter((e) => e !== undefined);
    default:
      return [];
  }
}

/** The Dawa events in one verified Stripe delivery; event types Dawa does not act on give none. */
export function stripeWebhookEvents(stripe: Stripe, webhookSecret: string, clock: Clock, webhook: IncomingWebhook): PaymentEvent[] {
  return eventsOf(verifiedEvent(stripe, webhookSecret, clock, webhook));
}
