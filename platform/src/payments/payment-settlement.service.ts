import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { SaleSettlementService } from '../sales/sale-settlement.service.js';
import type { PaymentRow, PaymentStatus } from './payment-record.js';

export type SettledStatus = Exclude<PaymentStatus, 'pending'>;

export interface Settlement {
  /** Whether this call moved the payment out of pending (false: it was already settled, nothing changed). */
  changed: boolean;
  outcome: string;
}

/**
 * The payment state machine: pending → succeeded | failed | cancelled, exactly once. The move is a conditional
 * UPDATE (`where status = 'pending'`), so of any number of events or status queries racing to settle a payment only
 * one changes it; the others see it settled and change nothing. A success completes the sale it pays, in the same
 * transaction. Every change and every contradiction is audited. `scope.em` is always the caller's transaction.
 */
@Injectable()
export class PaymentSettlementService {
  constructor(
    private readonly audit: AuditService,
    private readonly sales: SaleSettlementService,
  ) {}

  async settle(
    scope: TenantScope,
    payment: PaymentRow,
    to: SettledStatus,
    details: { providerPaymentId?: string; failure?: { code: string; message: string }; source: string },
  ): Promise<Settlement> {
    const s = ident(scope.tenant.schemaName);
    const [settled] = await scope.em.execute<PaymentRow[]>(
      `update ${s}.payment set status = ?, provider_payment_id = coalesce(?, provider_payment_id), failure = ?::jsonb,
         settled_at = now(), updated_at = now()
       where id = ? and status = 'pending' returning *`,
      [to, details.providerPaymentId ?? null, details.failure ? JSON.stringify(details.failure) : null, payment.id],
    );
    if (!settled) {
      const [current] = await scope.em.execute<{ status: PaymentStatus }[]>(`select status from ${s}.payment where id = ?`, [payment.id]);
      // Money the provider took for a payment Dawa had given up on must not go unnoticed.
      if (to === 'succeeded' && current.status !== 'succeeded') {
        await this.flag(scope, payment, `Paid at ${payment.plugin} after Dawa recorded it as ${current.status}: refund the customer.`);
      }
      return { changed: false, outcome: `already ${current.status}; ${to} ignored` };
    }
    await this.audit.record(scope, {
      action: `payment.${to}`,
      entityType: 'Payment',
      entityId: payment.id,
      before: { status: 'pending' },
      after: { status: to, providerPaymentId: settled.provider_payment_id, failure: details.failure ?? null, source: details.source },
    });
    if (to !== 'succeeded' || !settled.sale_id) return { changed: true, outcome: to };
    const sale = await this.sales.completeWithGatewayPayment(scope, settled.sale_id, {
      paymentId: settled.id,
      method: settled.method,
      amount: Number(settled.amount),
      reference: settled.provider_payment_id,
    });
    if (sale.completed) return { changed: true, outcome: `succeeded; sale completed as invoice ${sale.invoiceNo}` };
    await this.flag(scope, settled, `Paid, but the sale was not completed (${sale.reason}): refund the customer or reconcile.`);
    return { changed: true, outcome: `succeeded; sale not completed: ${sale.reason}` };
  }

  /** Marks a payment for a person to look at (reconciliation lists it) without changing its status. */
  async flag(scope: TenantScope, payment: PaymentRow, reason: string): Promise<void> {
    await scope.em.execute(`update ${ident(scope.tenant.schemaName)}.payment set flagged_reason = ?, updated_at = now() where id = ?`, [
      reason,
      payment.id,
    ]);
    await this.audit.record(scope, {
      action: 'payment.flagged',
      entityType: 'Payment',
      entityId: payment.id,
      before: { flaggedReason: payment.flagged_reason },
      after: { flaggedReason: reason },
    });
  }
}
