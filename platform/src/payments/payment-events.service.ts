import { Inject, Injectable } from '@nestjs/common';
import type { PaymentEvent } from '@dawa/plugin-sdk';
import { FieldCipher } from '../crypto/field-cipher.js';
import type { TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { PermanentFailure } from '../outbox/outbox-handler.js';
import type { Serialised } from '../webhooks/webhook-topics.js';
import { phoneDigits, type PaymentRow } from './payment-record.js';
import { PaymentSettlementService } from './payment-settlement.service.js';
import { RefundSettlementService, type PaymentRefundRow } from './refund-settlement.service.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Thrown while an event names a payment or refund Dawa has not recorded yet: the outbox retries it later. */
export class NotKnownYet extends Error {}

export interface EventOutcome {
  status: 'processed' | 'refused';
  outcome: string;
}

/**
 * Applies one verified provider event, in the caller's transaction. The payment is found by the provider's
 * reference within the plugin (or Dawa's id when the vendor echoes it) in the tenant's own schema only, so an event
 * delivered to one chain can never reach another's payment. Before a success settles anything, its amount, currency
 * and (M-Pesa) payer's phone must match what was recorded; a mismatch is refused, flagged and audited.
 */
@Injectable()
export class PaymentEventsService {
  constructor(
    private readonly payments: PaymentSettlementService,
    private readonly refunds: RefundSettlementService,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
  ) {}

  async apply(scope: TenantScope, plugin: string, event: Serialised<PaymentEvent>): Promise<EventOutcome> {
    if (event.type === 'refund.succeeded' || event.type === 'refund.failed') return this.applyRefund(scope, plugin, event);
    // "Still pending" changes nothing, whichever payment it names.
    if (event.type === 'payment.pending') return { status: 'processed', outcome: 'still pending; nothing to change' };
    const payment = await this.payment(scope, plugin, event);
    if (event.type === 'payment.failed') {
      const result = await this.payments.settle(scope, payment, 'failed', {
        failure: event.failure ?? { code: 'failed', message: 'The provider reported the payment as failed.' },
        source: `event ${event.eventId}`,
      });
      return { status: 'processed', outcome: result.outcome };
    }
    const mismatch = this.mismatch(scope, payment, event);
    if (mismatch) {
      await this.payments.flag(scope, payment, `Event ${event.eventId} refused: ${mismatch}.`);
      return { status: 'refused', outcome: mismatch };
    }
    const result = await this.payments.settle(scope, payment, 'succeeded', {
      providerPaymentId: event.providerPaymentId,
      source: `event ${event.eventId}`,
    });
    return { status: 'processed', outcome: result.outcome };
  }

  private async payment(scope: TenantScope, plugin: string, event: Serialised<PaymentEvent>): Promise<PaymentRow> {
    const byId = event.paymentId && UUID.test(event.paymentId) ? event.paymentId : null;
    const [payment] = await scope.em.execute<PaymentRow[]>(
      `select * from ${ident(scope.tenant.schemaName)}.payment where plugin = ? and (provider_ref = ? or id = ?) for update`,
      [plugin, event.providerRef, byId],
    );
    if (!payment) throw new NotKnownYet(`No ${plugin} payment ${event.providerRef} is recorded (yet).`);
    return payment;
  }

  private mismatch(scope: TenantScope, payment: PaymentRow, event: Serialised<PaymentEvent>): string | undefined {
    if (event.amount !== undefined && event.amount !== Number(payment.amount)) {
      return `the provider reports ${event.amount} paid, the payment is for ${payment.amount}`;
    }
    if (event.currency !== undefined && event.currency.toUpperCase() !== payment.currency) {
      return `the provider reports ${event.currency}, the payment is in ${payment.currency}`;
    }
    if (event.payerPhone !== undefined && payment.payer_phone_sealed) {
      const expected = this.cipher.decrypt(payment.payer_phone_sealed, `payment:${payment.id}`);
      const country = scope.tenant.country;
      if (phoneDigits(event.payerPhone, country) !== phoneDigits(expected, country)) {
        return 'the payer’s phone is not the one the payment request was sent to';
      }
    }
    return undefined;
  }

  private async applyRefund(scope: TenantScope, plugin: string, event: Serialised<PaymentEvent>): Promise<EventOutcome> {
    if (!event.refundRef) throw new PermanentFailure(`Refund event ${event.eventId} names no refund.`);
    const byId = UUID.test(event.refundRef) ? event.refundRef : null;
    const [refund] = await scope.em.execute<PaymentRefundRow[]>(
      `select * from ${ident(scope.tenant.schemaName)}.payment_refund where plugin = ? and (refund_ref = ? or id = ?) for update`,
      [plugin, event.refundRef, byId],
    );
    if (!refund) throw new NotKnownYet(`No ${plugin} refund ${event.refundRef} is recorded (yet).`);
    const result = await this.refunds.settle(scope, refund, event.type === 'refund.succeeded' ? 'succeeded' : 'failed', {
      refundRef: event.refundRef,
      failure: event.failure,
      source: `event ${event.eventId}`,
    });
    return { status: 'processed', outcome: result.outcome };
  }
}
