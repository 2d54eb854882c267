import {
  PluginInputError,
  type CreatePaymentRequest,
  type FieldIssue,
  type PaymentProvider,
  type PaymentStatus,
  type PluginContext,
  type Refund,
} from '@dawa/plugin-sdk';
import type Stripe from 'stripe';
import type { StripeConfig } from './config.js';
import { STRIPE_CURRENCIES } from './markets.js';
import { stripeFor } from './stripe-client.js';
import { translateStripeError, type ErrorFields } from './stripe-errors.js';
import { stripeWebhookEvents } from './webhook-events.js';

const PAYMENT_INTENT_ID = /^pi_[A-Za-z0-9]+$/;

const createFields: ErrorFields = {
  idempotencyKey: 'paymentId',
  resource: 'paymentId',
  params: { amount: 'amount', currency: 'currency', description: 'description', metadata: 'metadata' },
};
const refundFields: ErrorFields = {
  idempotencyKey: 'refundId',
  resource: 'providerRef',
  params: { amount: 'amount', payment_intent: 'providerRef', metadata: 'reason' },
};
const statusFields: ErrorFields = { resource: 'providerRef', params: { intent: 'providerRef' } };

/** Dawa's view of a PaymentIntent: a decline leaves it open for another card, but this attempt has failed. */
export function paymentStatusOf(intent: Stripe.PaymentIntent): PaymentStatus {
  if (intent.status === 'succeeded') return 'succeeded';
  if (intent.status === 'canceled') return 'cancelled';
  if (intent.status === 'requires_payment_method' && intent.last_payment_error) return 'failed';
  return 'pending';
}

const refundStatusOf = (refund: Stripe.Refund): Refund['status'] =>
  refund.status === 'succeeded' ? 'succeeded' : refund.status === 'failed' || refund.status === 'canceled' ? 'failed' : 'pending';

function moneyIssues(amount: number, currency: string): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!Number.isSafeInteger(amount) || amount <= 0)
    issues.push({ field: 'amount', message: 'must be a positive whole number of minor units' });
  if (!STRIPE_CURRENCIES.includes(currency))
    issues.push({ field: 'currency', message: `${currency} is not a currency this plugin charges in` });
  return issues;
}

function providerRefIssues(providerRef: string): FieldIssue[] {
  return PAYMENT_INTENT_ID.test(providerRef) ? [] : [{ field: 'providerRef', message: 'must be a Stripe PaymentIntent id (pi_…)' }];
}

function refuseIf(issues: FieldIssue[]): void {
  if (issues.length) throw new PluginInputError(issues);
}

/** The `payment` extension point over Stripe PaymentIntents, card only, for one tenant's Stripe account. */
export function stripePayments(context: PluginContext<StripeConfig>): PaymentProvider {
  const { config, tenant } = context;
  const stripe = stripeFor(context);
  const calling = async <T>(fields: ErrorFields, call: () => Promise<T>): Promise<T> => {
    try {
      return await call();
    } catch (error) {
      throw translateStripeError(error, fields);
    }
  };

  return {
    methods: ['card'],
    currencies: STRIPE_CURRENCIES,

    async createPayment(request: CreatePaymentRequest) {
      refuseIf([
        ...moneyIssues(request.amount, request.currency),
        ...(request.method && request.method !== 'card' ? [{ field: 'method', message: 'Stripe takes cards here' }] : []),
      ]);
      const intent = await calling(createFields, () =>
        stripe.paymentIntents.create(
          {
            amount: request.amount,
            currency: request.currency.toLowerCase(),
            allowed_payment_method_types: ['card'],
            capture_method: config.captureMethod,
            description: request.description,
            statement_descriptor_suffix: config.statementDescriptor,
            metadata: { ...request.metadata, dawa_payment_id: request.paymentId, dawa_tenant: tenant.slug },
          },
          { idempotencyKey: request.paymentId },
        ),
      );
      return {
        providerRef: intent.id,
        status: paymentStatusOf(intent),
        amount: intent.amount,
        currency: intent.currency.toUpperCase(),
        action: {
          type: 'client_checkout',
          parameters: {
            provider: 'stripe',
            publishable_key: config.publishableKey,
            payment_intent: intent.id,
            client_secret: intent.client_secret ?? '',
          },
        },
      };
    },

    async parseWebhook(webhook) {
      return stripeWebhookEvents(stripe, config.webhookSecret, context.clock, webhook);
    },

    async refund(request) {
      refuseIf([...moneyIssues(request.amount, request.currency), ...providerRefIssues(request.providerRef)]);
      const refund = await calling(refundFields, () =>
        stripe.refunds.create(
          {
            payment_intent: request.providerRef,
            amount: request.amount,
            metadata: { dawa_refund_id: request.refundId, ...(request.reason ? { dawa_reason: request.reason.slice(0, 500) } : {}) },
          },
          { idempotencyKey: request.refundId },
        ),
      );
      return { refundId: request.refundId, refundRef: refund.id, status: refundStatusOf(refund), amount: refund.amount };
    },

    async fetchStatus(providerRef) {
      refuseIf(providerRefIssues(providerRef));
      const intent = await calling(statusFields, () => stripe.paymentIntents.retrieve(providerRef, { expand: ['latest_charge'] }));
      const charge = typeof intent.latest_charge === 'object' ? intent.latest_charge : null;
      const captured = charge?.status === 'succeeded' && charge.captured;
      return {
        providerRef: intent.id,
        status: paymentStatusOf(intent),
        amount: intent.amount,
        amountPaid: intent.amount_received,
        amountRefunded: charge?.amount_refunded ?? 0,
        providerPaymentIds: captured ? [charge.id] : [],
      };
    },
  };
}
