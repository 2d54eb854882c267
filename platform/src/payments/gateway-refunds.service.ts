import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { OutboxService } from '../outbox/outbox.service.js';

export const PAYMENT_REFUND_TOPIC = 'payment.refund';

export interface PaymentRefundMessage {
  refundId: string;
}

/**
 * Sends the refunds of a return back through the gateway that took the money. Called in the return's transaction: a
 * sale refund paid out of a gateway payment gets a `payment_refund` (its id is the refund id the provider
 * deduplicates on) and an outbox message, so the provider is called after the return commits, never inside it, and
 * retried until it answers. Cash and terminal refunds are left as the return recorded them.
 */
@Injectable()
export class GatewayRefundsService {
  constructor(private readonly outbox: OutboxService) {}

  async requestFor(
    scope: TenantScope,
    saleRefunds: ReadonlyArray<{ id: string; salePaymentId: string | null; amount: number }>,
  ): Promise<void> {
    const viaGateway = saleRefunds.filter((r) => r.salePaymentId);
    if (!viaGateway.length) return;
    const s = ident(scope.tenant.schemaName);
    const payments = await scope.em.execute<{ sale_payment_id: string; payment_id: string; plugin: string; currency: string }[]>(
      `select sp.id as sale_payment_id, p.id as payment_id, p.plugin, p.currency
       from ${s}.sale_payment sp join ${s}.payment p on p.id = sp.payment_id
       where sp.id in (${viaGateway.map(() => '?').join(',')})`,
      viaGateway.map((r) => r.salePaymentId),
    );
    for (const refund of viaGateway) {
      const payment = payments.find((p) => p.sale_payment_id === refund.salePaymentId);
      if (!payment) continue;
      const id = randomUUID();
      await scope.em.execute(
        `insert into ${s}.payment_refund (id, payment_id, sale_refund_id, plugin, amount, currency) values (?, ?, ?, ?, ?, ?)`,
        [id, payment.payment_id, refund.id, payment.plugin, refund.amount, payment.currency],
      );
      await this.outbox.emit(scope, {
        topic: PAYMENT_REFUND_TOPIC,
        payload: { refundId: id } satisfies PaymentRefundMessage,
        dedupeKey: id,
      });
    }
  }
}
