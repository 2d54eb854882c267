/** The body of a Stripe API error: `{ error: { type, code?, message, param?, ... } }`. */
export interface StripeErrorBody {
  type: 'invalid_request_error' | 'idempotency_error' | 'card_error' | 'api_error';
  message: string;
  code?: string;
  param?: string;
  decline_code?: string;
  [more: string]: unknown;
}

/**
 * A refusal the fake answers with Stripe's status and error body. `validation` marks refusals of the parameters
 * themselves: Stripe saves no idempotent result for those, since the endpoint never started.
 */
export class StripeApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: StripeErrorBody,
    readonly validation = false,
  ) {
    super(body.message);
  }

  toJSON() {
    const { code } = this.body;
    return { error: { ...(code ? { doc_url: `https://stripe.com/docs/error-codes/${code.replaceAll('_', '-')}` } : {}), ...this.body } };
  }
}

/** Throws where an expression is expected: `map.get(id) ?? raise(resourceMissing(...))`. */
export function raise(error: StripeApiError): never {
  throw error;
}

export const invalidRequest = (message: string, extra: { code?: string; param?: string } = {}): StripeApiError =>
  new StripeApiError(400, { type: 'invalid_request_error', message, ...extra }, true);

/** A request the parameters allowed but the object's state does not (capturing a cancelled PaymentIntent). */
export const unexpectedState = (message: string, code = 'payment_intent_unexpected_state', param?: string): StripeApiError =>
  new StripeApiError(400, { type: 'invalid_request_error', message, code, ...(param ? { param } : {}) });

export const resourceMissing = (kind: string, id: string, param: string, status = 404): StripeApiError =>
  new StripeApiError(
    status,
    { type: 'invalid_request_error', code: 'resource_missing', message: `No such ${kind}: '${id}'`, param },
    status === 400,
  );
