import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { formatMinorUnits } from '@dawa/plugin-sdk';
import { asSubject } from '../access/ability.js';
import { AuditService } from '../audit/audit.service.js';
import { Problem } from '../common/problem.js';
import { assertCan, withEm, type TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { today } from '../inventory/inventory-context.js';
import { moveStock } from '../inventory/ledger.js';
import { notificationRequests } from '../notifications/notification-events.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { PrescriptionsService } from '../prescriptions/prescriptions.service.js';
import { RegistersService } from '../registers/registers.service.js';
import { nextDocumentNumber } from './document-numbers.js';
import { DEFAULT_FY_START_MONTH, financialYear } from './financial-year.js';
import { settle } from './payments.js';
import { loadSales, saleView, type SaleRecord } from './sale-record.js';
import type { SalePaymentsInput, VoidSaleInput } from './sales.schemas.js';

/** A gateway payment that has succeeded, as the payments module hands it over. */
export interface GatewayPaymentReceived {
  paymentId: string;
  method: string;
  amount: number;
  /** The provider's receipt (pay_…, the M-Pesa receipt number). */
  reference: string | null;
}

export type GatewaySettlement = { completed: true; invoiceNo: string } | { completed: false; reason: string };

interface AwaitingSaleRow {
  id: string;
  store_id: string;
  status: string;
  balance_due: string;
  change_due: string;
  currency: string;
  customer: { phone?: string; smsReceipt?: boolean } | null;
}

/**
 * How a sale that waits for its gateway payment ends: the payment succeeds (the payments module calls
 * `completeWithGatewayPayment` in the transaction that settles the payment), the customer pays at the counter
 * instead, or the cashier voids it and its stock goes back. Completing takes the next invoice number then, in that
 * transaction, so the invoice series stays gap-free and a voided sale never had a number.
 */
@Injectable()
export class SaleSettlementService {
  constructor(
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly prescriptions: PrescriptionsService,
    private readonly registers: RegistersService,
  ) {}

  /** `scope.em` must be the caller's transaction. Does nothing (and says why) unless the sale is still awaiting. */
  async completeWithGatewayPayment(scope: TenantScope, saleId: string, payment: GatewayPaymentReceived): Promise<GatewaySettlement> {
    const sale = await this.lockSale(scope, saleId);
    if (!sale) return { completed: false, reason: 'the sale does not exist' };
    if (sale.status !== 'awaiting_payment') return { completed: false, reason: `the sale is already ${sale.status.replace('_', ' ')}` };
    if (Number(sale.balance_due) !== payment.amount) {
      return { completed: false, reason: `the sale owes ${sale.balance_due}, the payment is ${payment.amount}` };
    }
    const invoiceNo = await this.complete(scope, sale, [{ ...payment, id: randomUUID() }], 0);
    return { completed: true, invoiceNo };
  }

  /** The customer pays what the sale still owes at the counter (cash, or a card on the terminal). */
  async payAtCounter(scope: TenantScope, saleId: string, input: SalePaymentsInput) {
    await this.readable(scope, saleId);
    await scope.em.transactional(async (em) => {
      const s = withEm(scope, em);
      const sale = await this.awaiting(s, saleId);
      await this.refuseWhilePaymentPending(s, saleId);
      const format = (minor: number) => `${sale.currency} ${formatMinorUnits(minor)}`;
      const { change } = settle(input.payments, Number(sale.balance_due), format);
      await this.complete(
        s,
        sale,
        input.payments.map((p) => ({
          id: randomUUID(),
          method: p.method,
          amount: p.amount,
          reference: p.reference ?? null,
          paymentId: null,
        })),
        change,
      );
    });
    return this.view(scope, saleId);
  }

  /** Cancels an unpaid sale: its stock goes back to the batches it came from. */
  async void(scope: TenantScope, saleId: string, input: VoidSaleInput) {
    const before = await this.readable(scope, saleId);
    await scope.em.transactional(async (em) => {
      const s = withEm(scope, em);
      const sale = await this.awaiting(s, saleId);
      await this.refuseWhilePaymentPending(s, saleId);
      const schema = scope.tenant.schemaName;
      // The prescription first, then the batches: the order a sale locks them in.
      const prescriptionId = await this.prescriptions.undoDispensing(s, saleId);
      const picks = before.lines
        .flatMap((line) => line.allocations.map((pick) => ({ productId: line.productId, ...pick })))
        .sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0));
      for (const pick of picks) {
        await moveStock(em, schema, {
          storeId: sale.store_id,
          productId: pick.productId,
          batchId: pick.batchId,
          kind: 'sale',
          quantity: pick.quantity,
          reference: saleId,
          reason: 'sale voided before payment',
          actorId: scope.actor?.id,
          requestId: scope.requestId,
        });
      }
      await em.execute(`update ${ident(schema)}.sale set status = 'voided', balance_due = 0 where id = ?`, [saleId]);
      await this.audit.record(s, {
        action: 'sale.voided',
        entityType: 'Sale',
        entityId: saleId,
        before: { status: 'awaiting_payment', balanceDue: Number(sale.balance_due) },
        after: {
          status: 'voided',
          reason: input.reason,
          restocked: picks.map((p) => ({ batchId: p.batchId, quantity: p.quantity })),
          dispensingReturnedTo: prescriptionId ?? null,
        },
      });
    });
    return this.view(scope, saleId);
  }

  private async readable(scope: TenantScope, saleId: string): Promise<SaleRecord> {
    const [sale] = await loadSales(scope.em, scope.tenant.schemaName, { sql: 'id = ?', params: [saleId] });
    // Staff who may not see the sale learn nothing about it: 404, as GET /sales/:id answers them.
    if (!sale || (scope.ability && !scope.ability.can('read', asSubject('Sale', { storeId: sale.storeId }))))
      throw Problem.notFound('Sale');
    assertCan(scope, 'create', 'Sale', { storeId: sale.storeId });
    return sale;
  }

  private async lockSale(scope: TenantScope, saleId: string): Promise<AwaitingSaleRow | undefined> {
    const [sale] = await scope.em.execute<AwaitingSaleRow[]>(
      `select id, store_id, status, balance_due, change_due, currency, customer from ${ident(scope.tenant.schemaName)}.sale where id = ? for update`,
      [saleId],
    );
    return sale;
  }

  private async awaiting(scope: TenantScope, saleId: string): Promise<AwaitingSaleRow> {
    const sale = (await this.lockSale(scope, saleId))!;
    if (sale.status !== 'awaiting_payment') {
      throw Problem.conflict(`This sale is ${sale.status.replace('_', ' ')}, not awaiting payment.`, 'sale-not-awaiting-payment');
    }
    return sale;
  }

  /** Taking cash or voiding while the customer may still be paying through the gateway could take the money twice. */
  private async refuseWhilePaymentPending(scope: TenantScope, saleId: string): Promise<void> {
    const [pending] = await scope.em.execute<{ id: string }[]>(
      `select id from ${ident(scope.tenant.schemaName)}.payment where sale_id = ? and status = 'pending'`,
      [saleId],
    );
    if (pending) {
      throw Problem.conflict(
        'A gateway payment for this sale is still pending. Refresh it, or cancel it, before taking another payment or voiding the sale.',
        'payment-pending',
        { paymentId: pending.id },
      );
    }
  }

  private async complete(
    scope: TenantScope,
    sale: AwaitingSaleRow,
    payments: Array<{ id: string; method: string; amount: number; reference: string | null; paymentId: string | null }>,
    change: number,
  ): Promise<string> {
    const schema = scope.tenant.schemaName;
    const s = ident(schema);
    const businessDate = today(scope);
    const fyStart = scope.tenant.settings.financialYearStartMonth ?? DEFAULT_FY_START_MONTH[scope.tenant.country] ?? 1;
    const fy = financialYear(businessDate, fyStart);
    await scope.em.execute(
      `insert into ${s}.sale_payment (id, sale_id, method, amount, reference, payment_id) values ${payments.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')}`,
      payments.flatMap((p) => [p.id, sale.id, p.method, p.amount, p.reference, p.paymentId]),
    );
    const [store] = await scope.em.execute<{ invoice_prefix: string }[]>(`select invoice_prefix from ${s}.store where id = ?`, [
      sale.store_id,
    ]);
    const invoiceNo = await nextDocumentNumber(scope.em, schema, {
      storeId: sale.store_id,
      prefix: store.invoice_prefix,
      financialYear: fy,
      kind: 'invoice',
    });
    const paid = payments.reduce((sum, p) => sum + p.amount, 0);
    // The invoice is dated when it is issued: now, when the sale is paid.
    await scope.em.execute(
      `update ${s}.sale set status = 'completed', invoice_no = ?, financial_year = ?, business_date = ?, sold_at = now(),
         paid_total = paid_total + ?, change_due = change_due + ?, balance_due = 0 where id = ?`,
      [invoiceNo, fy, businessDate, paid, change, sale.id],
    );
    await this.recordInRegisters(scope, sale.id);
    if (sale.customer?.phone && sale.customer.smsReceipt) await this.outbox.emit(scope, notificationRequests.saleReceipt(sale.id));
    await this.audit.record(scope, {
      action: 'sale.completed',
      entityType: 'Sale',
      entityId: sale.id,
      before: { status: 'awaiting_payment', balanceDue: Number(sale.balance_due) },
      after: {
        status: 'completed',
        invoiceNo,
        payments: payments.map((p) => ({ method: p.method, amount: p.amount, paymentId: p.paymentId })),
      },
    });
    return invoiceNo;
  }

  /** A prescription sale's register entries, now that it has its invoice number (written by the pharmacist who sold it). */
  private async recordInRegisters(scope: TenantScope, saleId: string): Promise<void> {
    const dispensed = await this.prescriptions.dispensedFor(scope, saleId);
    if (!dispensed) return;
    const [sale] = await loadSales(scope.em, scope.tenant.schemaName, { sql: 'id = ?', params: [saleId] });
    const [pharmacist] = await scope.em.execute<{ id: string; name: string }[]>(
      `select id, name from ${ident(scope.tenant.schemaName)}.app_user where id = ?`,
      [dispensed.pharmacistId],
    );
    await this.registers.recordSale(scope, sale, dispensed, pharmacist);
  }

  private async view(scope: TenantScope, saleId: string) {
    const [sale] = await loadSales(scope.em.fork(), scope.tenant.schemaName, { sql: 'id = ?', params: [saleId] });
    return saleView(sale);
  }
}
