import { StripeApiError } from './api-errors.js';
import type { ParamObject } from './form-params.js';
import type { PaymentIntents } from './payment-intents.js';
import type { Refunds } from './refunds.js';
import { RequestParams } from './request-params.js';

interface Route {
  method: 'GET' | 'POST';
  /** The path, with the object id (if any) as its one capture. */
  path: RegExp;
  /** The parameters Stripe accepts there (besides `expand`); any other is `parameter_unknown`. */
  params: readonly string[];
  handle(id: string, params: RequestParams, expand: readonly string[]): object;
}

const CREATE_INTENT_PARAMS = [
  'amount',
  'currency',
  'allowed_payment_method_types',
  'capture_method',
  'confirm',
  'description',
  'metadata',
  'payment_method',
  'receipt_email',
  'statement_descriptor',
  'statement_descriptor_suffix',
];

const CANCELLATION_REASONS = ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] as const;

/** The part of Stripe's v1 API the fake serves. */
export function stripeRoutes(payments: PaymentIntents, refunds: Refunds): readonly Route[] {
  const intent = (action = '') => new RegExp(`^/v1/payment_intents/([^/]+)${action}$`);
  return [
    {
      method: 'POST',
      path: /^\/v1\/payment_intents$/,
      params: CREATE_INTENT_PARAMS,
      handle: (_, params, expand) => payments.render(payments.create(params), expand),
    },
    { method: 'GET', path: intent(), params: [], handle: (id, _, expand) => payments.render(payments.get(id), expand) },
    {
      method: 'POST',
      path: intent('/confirm'),
      params: ['payment_method', 'return_url'],
      handle: (id, params, expand) => payments.render(payments.confirm(id, params.string('payment_method')), expand),
    },
    {
      method: 'POST',
      path: intent('/capture'),
      params: ['amount_to_capture'],
      handle: (id, params, expand) => payments.render(payments.capture(id, params.integer('amount_to_capture')), expand),
    },
    {
      method: 'POST',
      path: intent('/cancel'),
      params: ['cancellation_reason'],
      handle: (id, params, expand) =>
        payments.render(payments.cancel(id, params.oneOf('cancellation_reason', CANCELLATION_REASONS)), expand),
    },
    {
      method: 'POST',
      path: /^\/v1\/refunds$/,
      params: ['payment_intent', 'charge', 'amount', 'reason', 'metadata'],
      handle: (_, params) => refunds.create(params),
    },
    { method: 'GET', path: /^\/v1\/refunds\/([^/]+)$/, params: [], handle: (id) => refunds.get(id) },
    { method: 'GET', path: /^\/v1\/charges\/([^/]+)$/, params: [], handle: (id) => payments.charge(id) },
  ];
}

/** Runs the route for a request, answering an unknown one as Stripe does; the answer is a copy, not live state. */
export function routeRequest(routes: readonly Route[], method: string, path: string, values: ParamObject): object {
  for (const route of routes) {
    const match = route.method === method ? route.path.exec(path) : null;
    if (!match) continue;
    const expand = Array.isArray(values.expand) ? (values.expand as string[]) : [];
    return structuredClone(route.handle(match[1] ?? '', new RequestParams(values, route.params), expand));
  }
  throw new StripeApiError(404, {
    type: 'invalid_request_error',
    message: `Unrecognized request URL (${method}: ${path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.`,
  });
}
