import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { PluginError, PluginInputError } from '@dawa/plugin-sdk';
import { AuditService } from '../audit/audit.service.js';
import { PublicUrl } from '../common/public-url.js';
import { withEm, type TenantScope } from '../common/tenant-scope.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import { ident } from '../database/sql.js';
import { OutboxDispatcher } from '../outbox/outbox-dispatcher.js';
import { PermanentFailure, type OutboxEvent, type OutboxHandler } from '../outbox/outbox-handler.js';
import { PluginHostService } from '../plugins/plugin-host.service.js';
import { PAYMENT_REFUND_TOPIC, type PaymentRefundMessage } from './gateway-refunds.service.js';
import { webhookUrl } from './payment-record.js';
import { RefundSettlementService, type PaymentRefundRow } from './refund-settlement.service.js';

type RefundToSend = PaymentRefundRow & { provider_ref: string; provider_payment_id: string | null; payer_phone_sealed: string | null };

/**
 * Calls the provider's refund for a `payment_refund`, from the outbox. The refund id is Dawa's and the provider treats
 * a repeat as the same refund, so running this twice (a retry, a crash before the ack) still refunds once. A
 * synchronous provider settles the refund here; an asynchronous one (M-Pesa reversal) leaves it pending until its
 * refund event arrives through the webhook inbox.
 */
@Injectable()
export class PaymentRefundHandler implements OutboxHandler<PaymentRefundMessage>, OnModuleInit {
  constructor(
    private readonly dispatcher: OutboxDispatcher,
    private readonly plugins: PluginHostService,
    private readonly refunds: RefundSettlementService,
    private readonly audit: AuditService,
    private readonly publicUrl: PublicUrl,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
  ) {}

  onModuleInit(): void {
    this.dispatcher.register(PAYMENT_REFUND_TOPIC, this, { maxAttempts: 10 });
  }

  async handle(message: OutboxEvent<PaymentRefundMessage>, scope: TenantScope): Promise<void> {
    const s = ident(scope.tenant.schemaName);
    const [refund] = await scope.em.execute<RefundToSend[]>(
      `select r.*, p.provider_ref, p.provider_payment_id, p.payer_phone_sealed from ${s}.payment_refund r join ${s}.payment p on p.id = r.payment_id where r.id = ?`,
      [message.payload.refundId],
    );
    if (!refund) throw new PermanentFailure(`Refund ${message.payload.refundId} does not exist.`);
    if (refund.status !== 'pending' || refund.refund_ref) return;
    const provider = await this.plugins.namedProvider(scope, refund.plugin, 'payment');
    if (!provider) throw new Error(`The ${refund.plugin} plugin is not turned on: the refund waits until it is.`);
    let result;
    try {
      result = await provider.refund({
        refundId: refund.id,
        providerRef: refund.provider_ref,
        providerPaymentId: refund.provider_payment_id ?? undefined,
        // M-Pesa pays a refund back to the phone that paid (it matched the event's payer phone before it settled).
        payerPhone: refund.payer_phone_sealed ? this.cipher.decrypt(refund.payer_phone_sealed, `payment:${refund.payment_id}`) : undefined,
        callbackUrl: webhookUrl(this.publicUrl, scope.tenant.slug, refund.plugin),
        amount: Number(refund.amount),
        currency: refund.currency,
        reason: 'customer return',
      });
    } catch (error) {
      // The plugin says the request itself is wrong (or refunds are not configured): retrying the same request cannot
      // help, so it is parked for an admin to retry once the cause is fixed.
      if (error instanceof PluginInputError || (error instanceof PluginError && error.code === 'refunds_not_configured'))
        throw new PermanentFailure(`${refund.plugin} refused refund ${refund.id}: ${error.message}`);
      throw error;
    }
    await scope.em.transactional(async (em) => {
      const tx = withEm(scope, em);
      await em.execute(`update ${s}.payment_refund set refund_ref = coalesce(refund_ref, ?) where id = ?`, [result.refundRef, refund.id]);
      await this.audit.record(tx, {
        action: 'payment_refund.sent',
        entityType: 'Payment',
        entityId: refund.payment_id,
        after: { refundId: refund.id, refundRef: result.refundRef, status: result.status, amount: result.amount },
      });
      if (result.status !== 'pending') {
        await this.refunds.settle(tx, refund, result.status, {
          refundRef: result.refundRef,
          failure: result.status === 'failed' ? { code: 'refund_failed', message: 'The provider refused the refund.' } : undefined,
          source: 'refund call',
        });
      }
    });
  }
}
