import { Injectable } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import type { TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';

export interface PaymentRefundRow {
  id: string;
  payment_id: string;
  sale_refund_id: string;
  plugin: string;
  amount: string;
  currency: string;
  status: 'pending' | 'succeeded' | 'failed';
  refund_ref: string | null;
}

/**
 * A provider refund's state machine: pending → succeeded | failed once (conditional UPDATE), and the sale refund it
 * pays out follows (completed | failed), in the caller's transaction, audited.
 */
@Injectable()
export class RefundSettlementService {
  constructor(private readonly audit: AuditService) {}

  async settle(
    scope: TenantScope,
    refund: PaymentRefundRow,
    to: 'succeeded' | 'failed',
    details: { refundRef?: string; failure?: { code: string; message: string }; source: string },
  ): Promise<{ changed: boolean; outcome: string }> {
    const s = ident(scope.tenant.schemaName);
    const [settled] = await scope.em.execute<PaymentRefundRow[]>(
      `update ${s}.payment_refund set status = ?, refund_ref = coalesce(refund_ref, ?), failure = ?::jsonb, settled_at = now()
       where id = ? and status = 'pending' returning *`,
      [to, details.refundRef ?? null, details.failure ? JSON.stringify(details.failure) : null, refund.id],
    );
    if (!settled) {
      const [current] = await scope.em.execute<{ status: string }[]>(`select status from ${s}.payment_refund where id = ?`, [refund.id]);
      return { changed: false, outcome: `refund already ${current.status}; ${to} ignored` };
    }
    await scope.em.execute(`update ${s}.sale_refund set status = ?, completed_at = case when ? = 'completed' then now() end where id = ?`, [
      to === 'succeeded' ? 'completed' : 'failed',
      to === 'succeeded' ? 'completed' : 'failed',
      refund.sale_refund_id,
    ]);
    await this.audit.record(scope, {
      action: `payment_refund.${to}`,
      entityType: 'Payment',
      entityId: refund.payment_id,
      before: { refundId: refund.id, status: 'pending' },
      after: { refundId: refund.id, status: to, refundRef: settled.refund_ref, failure: details.failure ?? null, source: details.source },
    });
    return { changed: true, outcome: `refund ${to}` };
  }
}
