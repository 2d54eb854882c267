import { PluginError, PluginInputError } from '@dawa/plugin-sdk';
import Stripe from 'stripe';

/** Which Dawa request field a Stripe complaint is about, per call. */
export interface ErrorFields {
  /** The Dawa id sent as Idempotency-Key: reusing it with other details is the caller's mistake. */
  idempotencyKey?: string;
  /** The field naming the Stripe object acted on (a missing or unrefundable PaymentIntent). */
  resource: string;
  /** Stripe parameter (top-level name) → Dawa field, for parameters the caller's input decides. */
  params: Readonly<Record<string, string>>;
}

/** Stripe errors about an object's state that the caller caused by asking for the wrong thing at the wrong time. */
const STATE_CODES = new Set([
  'resource_missing',
  'payment_intent_unexpected_state',
  'charge_already_refunded',
  'charge_not_refundable',
  'charge_disputed',
]);

/** Stripe echoes (masked) keys in some messages; none of them reaches a Dawa error, even masked. */
export function withoutKeys(message: string): string {
  return message.replace(/\b(sk|rk)_(test|live)_[A-Za-z0-9*]*|\bwhsec_[A-Za-z0-9*]*/g, '[redacted]');
}

/**
 * Translates what stripe-node throws into the errors the host understands: a 4xx the caller's input caused becomes
 * a PluginInputError on the Dawa field concerned; anything else (keys, Stripe's availability) a PluginError, so the
 * host does not blame the cashier for the tenant's configuration or for Stripe being down.
 */
export function translateStripeError(error: unknown, fields: ErrorFields): Error {
  if (!(error instanceof Stripe.errors.StripeError)) return error as Error;
  const message = withoutKeys(error.message);
  if (error instanceof Stripe.errors.StripeIdempotencyError && fields.idempotencyKey) {
    return new PluginInputError([{ field: fields.idempotencyKey, message: `already used for a different request: ${message}` }]);
  }
  if (error instanceof Stripe.errors.StripeInvalidRequestError) {
    const param = error.param?.split('[')[0];
    const field = param ? fields.params[param] : STATE_CODES.has(error.code ?? '') ? fields.resource : undefined;
    if (field) return new PluginInputError([{ field, message }]);
    return new PluginError('stripe_invalid_request', `Stripe refused the request: ${message}`);
  }
  if (error instanceof Stripe.errors.StripeAuthenticationError || error instanceof Stripe.errors.StripePermissionError) {
    return new PluginError('vendor_authentication_failed', `Stripe refused the configured API key: ${message}`);
  }
  if (error instanceof Stripe.errors.StripeRateLimitError)
    return new PluginError('upstream_rate_limited', `Stripe is rate limiting: ${message}`);
  if (error instanceof Stripe.errors.StripeConnectionError)
    return new PluginError('upstream_unavailable', `Stripe could not be reached: ${message}`);
  return new PluginError('upstream_error', `Stripe failed: ${message}`);
}
