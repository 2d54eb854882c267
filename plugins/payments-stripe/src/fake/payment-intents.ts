import { MAXIMUM_CHARGE, MINIMUM_CHARGE } from '../markets.js';
import { invalidRequest, raise, resourceMissing, StripeApiError, unexpectedState } from './api-errors.js';
import type { RequestParams } from './request-params.js';
import { stripeId, unixNow } from './stripe-ids.js';
import { TEST_CARDS } from './test-cards.js';

export type IntentStatus =
  'requires_payment_method' | 'requires_confirmation' | 'requires_action' | 'processing' | 'requires_capture' | 'canceled' | 'succeeded';

export interface PaymentIntentObject {
  id: string;
  object: 'payment_intent';
  amount: number;
  amount_capturable: number;
  amount_received: number;
  allowed_payment_method_types: string[];
  canceled_at: number | null;
  cancellation_reason: string | null;
  capture_method: string;
  client_secret: string;
  confirmation_method: 'automatic';
  created: number;
  currency: string;
  customer: null;
  description: string | null;
  last_payment_error: Record<string, unknown> | null;
  latest_charge: string | null;
  livemode: false;
  metadata: Record<string, string>;
  next_action: null;
  payment_method: string | null;
  payment_method_types: string[];
  receipt_email: string | null;
  statement_descriptor: null;
  statement_descriptor_suffix: string | null;
  status: IntentStatus;
}

export interface ChargeObject {
  id: string;
  object: 'charge';
  amount: number;
  amount_captured: number;
  amount_refunded: number;
  balance_transaction: string | null;
  captured: boolean;
  created: number;
  currency: string;
  description: string | null;
  failure_code: string | null;
  failure_message: string | null;
  livemode: false;
  metadata: Record<string, string>;
  outcome: Record<string, unknown>;
  paid: boolean;
  payment_intent: string;
  payment_method: string;
  payment_method_details: { type: 'card'; card: { brand: string; last4: string } };
  refunded: boolean;
  status: 'succeeded' | 'failed';
}

/** Emits a Stripe event about an object, as it is now; `previous` holds the attributes it just changed. */
export type EventSink = (type: string, object: object, previous?: Record<string, unknown>) => void;

const CANCELLABLE: IntentStatus[] = [
  'requires_payment_method',
  'requires_capture',
  'requires_confirmation',
  'requires_action',
  'processing',
];
const CONFIRMABLE: IntentStatus[] = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

const formatted = (amount: number, currency: string) =>
  `${new Intl.NumberFormat('en-US', { style: 'currency', currency }).format(amount / 10 ** (currency === 'JPY' ? 0 : 2))} ${currency.toLowerCase()}`;

function chargeAmountIssue(amount: number, currency: string): StripeApiError | undefined {
  const minimum = MINIMUM_CHARGE[currency];
  if (amount < minimum)
    return invalidRequest(`Amount must be at least ${formatted(minimum, currency)}`, { code: 'amount_too_small', param: 'amount' });
  if (amount > MAXIMUM_CHARGE)
    return invalidRequest(`Amount must be no more than ${formatted(MAXIMUM_CHARGE, currency)}`, {
      code: 'amount_too_large',
      param: 'amount',
    });
  return undefined;
}

/** Statement descriptor suffix rules Stripe enforces on cards. */
function suffixIssue(suffix: string | undefined): StripeApiError | undefined {
  if (suffix === undefined || (suffix.length <= 22 && /[A-Za-z]/.test(suffix) && !/[<>\\'"*]/.test(suffix))) return undefined;
  return invalidRequest('The statement descriptor suffix must be at most 22 characters, contain a letter and none of < > \\ \' " *', {
    param: 'statement_descriptor_suffix',
  });
}

/** PaymentIntents and their charges in one fake Stripe account, with Stripe's status machine. */
export class PaymentIntents {
  readonly intents = new Map<string, PaymentIntentObject>();
  readonly charges = new Map<string, ChargeObject>();
  /** PaymentMethods attached from test cards (`pm_card_visa` becomes a `pm_…` of its own), to their test card. */
  private readonly attached = new Map<string, string>();

  constructor(private readonly emit: EventSink) {}

  get(id: string, param = 'intent'): PaymentIntentObject {
    return this.intents.get(id) ?? raise(resourceMissing('payment_intent', id, param));
  }

  charge(id: string): ChargeObject {
    return this.charges.get(id) ?? raise(resourceMissing('charge', id, 'id'));
  }

  create(params: RequestParams): PaymentIntentObject {
    const amount = params.requiredInteger('amount');
    const currency = params.requiredString('currency').toUpperCase();
    if (!(currency in MINIMUM_CHARGE)) {
      const supported = Object.keys(MINIMUM_CHARGE).join(', ').toLowerCase();
      throw invalidRequest(`Invalid currency: ${currency.toLowerCase()}. Stripe currently supports these currencies: ${supported}`, {
        param: 'currency',
      });
    }
    const types = params.strings('allowed_payment_method_types') ?? ['card'];
    const unsupported = types.find((type) => type !== 'card');
    if (unsupported)
      throw invalidRequest(`The payment method type "${unsupported}" is invalid or not activated on this account.`, {
        param: 'allowed_payment_method_types',
      });
    if (params.has('statement_descriptor'))
      throw invalidRequest(
        'The `statement_descriptor` parameter is not supported for the `card` payment method type. Please use `statement_descriptor_suffix` instead.',
        { param: 'statement_descriptor' },
      );
    const suffix = params.string('statement_descriptor_suffix');
    const captureMethod = params.oneOf('capture_method', ['automatic', 'automatic_async', 'manual']) ?? 'automatic_async';
    const paymentMethod = params.string('payment_method');
    const issue = chargeAmountIssue(amount, currency) ?? suffixIssue(suffix) ?? (paymentMethod ? this.cardIssue(paymentMethod) : undefined);
    if (issue) throw issue;
    const id = stripeId('pi');
    const intent: PaymentIntentObject = {
      id,
      object: 'payment_intent',
      amount,
      amount_capturable: 0,
      amount_received: 0,
      allowed_payment_method_types: types,
      canceled_at: null,
      cancellation_reason: null,
      capture_method: captureMethod,
      client_secret: `${id}_secret_${stripeId('x', 25).slice(2)}`,
      confirmation_method: 'automatic',
      created: unixNow(),
      currency: currency.toLowerCase(),
      customer: null,
      description: params.string('description') ?? null,
      last_payment_error: null,
      latest_charge: null,
      livemode: false,
      metadata: params.metadata(),
      next_action: null,
      payment_method: paymentMethod ? this.attach(paymentMethod) : null,
      payment_method_types: types,
      receipt_email: params.string('receipt_email') ?? null,
      statement_descriptor: null,
      statement_descriptor_suffix: suffix ?? null,
      status: paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
    };
    const confirm = params.boolean('confirm');
    this.intents.set(id, intent);
    this.emit('payment_intent.created', intent);
    if (confirm) return this.confirm(id, undefined);
    return intent;
  }

  /**
   * The customer's card is tried: approved, the intent succeeds (or waits for capture); declined, it goes back to
   * `requires_payment_method` with `last_payment_error` and the request fails with a 402 card_error, as at Stripe.
   */
  confirm(id: string, paymentMethod: string | undefined): PaymentIntentObject {
    const intent = this.get(id);
    if (!CONFIRMABLE.includes(intent.status))
      throw unexpectedState(`You cannot confirm this PaymentIntent because it has a status of ${intent.status}.`);
    const method = paymentMethod ?? intent.payment_method;
    if (!method)
      throw unexpectedState(
        "You cannot confirm this PaymentIntent because it's missing a payment method. To confirm the PaymentIntent with a payment method, pass `payment_method`.",
        'payment_intent_unexpected_state',
        'payment_method',
      );
    const paymentMethodId = this.attach(method);
    const card = TEST_CARDS[this.attached.get(paymentMethodId)!];
    const charge: ChargeObject = {
      id: stripeId('ch'),
      object: 'charge',
      amount: intent.amount,
      amount_captured: 0,
      amount_refunded: 0,
      balance_transaction: null,
      captured: false,
      created: unixNow(),
      currency: intent.currency,
      description: intent.description,
      failure_code: card.approved ? null : card.decline.code,
      failure_message: card.approved ? null : card.decline.message,
      livemode: false,
      metadata: intent.metadata,
      outcome: card.approved
        ? {
            network_status: 'approved_by_network',
            reason: null,
            risk_level: 'normal',
            seller_message: 'Payment complete.',
            type: 'authorized',
          }
        : { network_status: 'declined_by_network', reason: card.decline.decline_code, risk_level: 'normal', type: 'issuer_declined' },
      paid: card.approved,
      payment_intent: intent.id,
      payment_method: paymentMethodId,
      payment_method_details: { type: 'card', card: { brand: card.brand, last4: card.last4 } },
      refunded: false,
      status: card.approved ? 'succeeded' : 'failed',
    };
    this.charges.set(charge.id, charge);
    intent.latest_charge = charge.id;
    if (!card.approved) {
      const error = {
        type: 'card_error' as const,
        ...card.decline,
        charge: charge.id,
        payment_method: { id: paymentMethodId, type: 'card' },
      };
      Object.assign(intent, { status: 'requires_payment_method', payment_method: null, last_payment_error: error });
      this.emit('charge.failed', charge);
      this.emit('payment_intent.payment_failed', intent);
      throw new StripeApiError(402, { ...error, payment_intent: structuredClone(intent) });
    }
    Object.assign(intent, { payment_method: paymentMethodId, last_payment_error: null });
    this.emit('charge.succeeded', charge);
    if (intent.capture_method === 'manual') {
      Object.assign(intent, { status: 'requires_capture', amount_capturable: intent.amount });
      this.emit('payment_intent.amount_capturable_updated', intent);
    } else {
      this.settle(intent, charge, intent.amount);
    }
    return intent;
  }

  capture(id: string, amountToCapture: number | undefined): PaymentIntentObject {
    const intent = this.get(id);
    if (intent.status !== 'requires_capture')
      throw unexpectedState(
        `This PaymentIntent could not be captured because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
      );
    const amount = amountToCapture ?? intent.amount_capturable;
    if (amount <= 0 || amount > intent.amount_capturable)
      throw invalidRequest(`The amount to capture must be between 1 and ${intent.amount_capturable}.`, { param: 'amount_to_capture' });
    const charge = this.charge(intent.latest_charge!);
    this.settle(intent, charge, amount);
    this.emit('charge.captured', charge);
    return intent;
  }

  cancel(id: string, reason: string | undefined): PaymentIntentObject {
    const intent = this.get(id);
    if (!CANCELLABLE.includes(intent.status))
      throw unexpectedState(
        `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELLABLE.join(', ')}.`,
      );
    Object.assign(intent, { status: 'canceled', canceled_at: unixNow(), cancellation_reason: reason ?? null, amount_capturable: 0 });
    this.emit('payment_intent.canceled', intent);
    return intent;
  }

  /** The intent as an API answer, with `latest_charge` expanded when asked. */
  render(intent: PaymentIntentObject, expand: readonly string[]): object {
    const unknown = expand.find((path) => path !== 'latest_charge');
    if (unknown) throw invalidRequest(`This property cannot be expanded (${unknown}).`, { param: 'expand' });
    const charge = expand.includes('latest_charge') && intent.latest_charge ? this.charges.get(intent.latest_charge) : undefined;
    return structuredClone(charge ? { ...intent, latest_charge: charge } : intent);
  }

  private settle(intent: PaymentIntentObject, charge: ChargeObject, amount: number): void {
    Object.assign(charge, { captured: true, amount_captured: amount, balance_transaction: stripeId('txn') });
    Object.assign(intent, { status: 'succeeded', amount_capturable: 0, amount_received: amount });
    this.emit('payment_intent.succeeded', intent);
  }

  private cardIssue(paymentMethod: string): StripeApiError | undefined {
    if (paymentMethod in TEST_CARDS || this.attached.has(paymentMethod)) return undefined;
    return resourceMissing('PaymentMethod', paymentMethod, 'payment_method', 400);
  }

  /** The PaymentMethod id for a test card or an attached one; unknown ones are refused as Stripe does. */
  private attach(paymentMethod: string): string {
    const issue = this.cardIssue(paymentMethod);
    if (issue) throw issue;
    if (this.attached.has(paymentMethod)) return paymentMethod;
    const id = stripeId('pm');
    this.attached.set(id, paymentMethod);
    return id;
  }
}
