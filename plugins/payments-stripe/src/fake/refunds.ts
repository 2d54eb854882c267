import { invalidRequest, resourceMissing, unexpectedState } from './api-errors.js';
import type { EventSink, PaymentIntents } from './payment-intents.js';
import type { RequestParams } from './request-params.js';
import { stripeId, unixNow } from './stripe-ids.js';

export interface RefundObject {
  id: string;
  object: 'refund';
  amount: number;
  balance_transaction: string;
  charge: string;
  created: number;
  currency: string;
  metadata: Record<string, string>;
  payment_intent: string;
  reason: string | null;
  receipt_number: null;
  status: 'succeeded';
}

/** Card refunds against a PaymentIntent's captured charge; card refunds succeed at once, as in Stripe test mode. */
export class Refunds {
  readonly refunds = new Map<string, RefundObject>();

  constructor(
    private readonly payments: PaymentIntents,
    private readonly emit: EventSink,
  ) {}

  get(id: string): RefundObject {
    const refund = this.refunds.get(id);
    if (!refund) throw resourceMissing('refund', id, 'id');
    return refund;
  }

  create(params: RequestParams): RefundObject {
    const intentId = params.string('payment_intent');
    const chargeId = params.string('charge');
    if (!intentId && !chargeId)
      throw invalidRequest('One of the following params should be provided for this request: payment_intent or charge.', {
        code: 'parameter_missing',
      });
    const reason = params.oneOf('reason', ['duplicate', 'fraudulent', 'requested_by_customer']) ?? null;
    const requested = params.integer('amount');
    const metadata = params.metadata();
    const intent = intentId ? this.payments.intents.get(intentId) : undefined;
    if (intentId && !intent) throw resourceMissing('payment_intent', intentId, 'payment_intent', 400);
    const charge = chargeId
      ? this.payments.charges.get(chargeId)
      : intent?.latest_charge
        ? this.payments.charges.get(intent.latest_charge)
        : undefined;
    if (chargeId && !charge) throw resourceMissing('charge', chargeId, 'charge', 400);
    if (!charge?.captured)
      throw unexpectedState(`This PaymentIntent (${intentId}) does not have a successful charge to refund.`, 'charge_not_refundable');
    const refundable = charge.amount_captured - charge.amount_refunded;
    if (refundable === 0) throw unexpectedState(`Charge ${charge.id} has already been refunded.`, 'charge_already_refunded');
    const amount = requested ?? refundable;
    if (amount <= 0) throw invalidRequest('Refund amount must be positive.', { param: 'amount' });
    if (amount > refundable)
      throw invalidRequest(`Refund amount (${amount}) is greater than unrefunded amount on charge (${refundable})`, {
        code: 'amount_too_large',
        param: 'amount',
      });
    const refund: RefundObject = {
      id: stripeId('re'),
      object: 'refund',
      amount,
      balance_transaction: stripeId('txn'),
      charge: charge.id,
      created: unixNow(),
      currency: charge.currency,
      metadata,
      payment_intent: charge.payment_intent,
      reason,
      receipt_number: null,
      status: 'succeeded',
    };
    this.refunds.set(refund.id, refund);
    const previous = { amount_refunded: charge.amount_refunded, refunded: charge.refunded };
    Object.assign(charge, {
      amount_refunded: charge.amount_refunded + amount,
      refunded: charge.amount_refunded + amount === charge.amount_captured,
    });
    this.emit('charge.refunded', charge, previous);
    this.emit('refund.created', refund);
    return refund;
  }
}
