import { Injectable } from '@nestjs/common';
import { formatMinorUnits, type PaymentProvider, type PaymentStatusReport } from '@dawa/plugin-sdk';
import { dateBound } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { reportStores } from '../common/store-access.js';
import type { TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { PluginHostService } from '../plugins/plugin-host.service.js';

/** How many status queries run at once against one provider: enough to be quick, few enough to stay under rate limits. */
const STATUS_QUERY_CONCURRENCY = 4;

export interface Mismatch {
  kind:
    | 'provider-unreachable'
    | 'paid-sale-not-completed'
    | 'paid-in-dawa-not-at-provider'
    | 'amount-differs'
    | 'refunded-at-provider-not-in-dawa'
    | 'refunded-in-dawa-not-at-provider'
    | 'flagged'
    | 'drawer-over'
    | 'drawer-short';
  reason: string;
  plugin?: string;
  paymentId?: string;
  saleId?: string | null;
  cashSessionId?: string;
  storeId: string;
}

interface GatewayPayment {
  id: string;
  sale_id: string | null;
  store_id: string;
  plugin: string;
  amount: string;
  currency: string;
  status: string;
  provider_ref: string;
  flagged_reason: string | null;
  sale_status: string | null;
  sale_paid: string | null;
  refunded: string;
}

/**
 * Matches each gateway payment created in [from, to) against its provider's current view (a status query each), the
 * sale it paid and the refunds Dawa sent for it; and lists every drawer closed in the window that was over or short.
 * Each mismatch carries a sentence a finance person can act on.
 */
@Injectable()
export class ReconciliationService {
  constructor(private readonly plugins: PluginHostService) {}

  async report(scope: TenantScope, query: { from?: unknown; to?: unknown; storeId?: unknown }) {
    const from = dateBound(query.from, 'from');
    const to = dateBound(query.to, 'to');
    if (!from || !to) throw Problem.validation([{ field: from ? 'to' : 'from', message: 'is required (a date like 2026-11-21)' }]);
    if (to <= from) throw Problem.validation([{ field: 'to', message: 'must be after from (to is exclusive)' }]);
    if (query.storeId !== undefined && (typeof query.storeId !== 'string' || !/^[0-9a-f-]{36}$/i.test(query.storeId)))
      throw Problem.validation([{ field: 'storeId', message: 'must be a store id' }]);
    const stores = reportStores(scope, 'Report', query.storeId as string | undefined, 'p.store_id');
    const drawerStores = reportStores(scope, 'Report', query.storeId as string | undefined, 'c.store_id');
    const s = ident(scope.tenant.schemaName);
    const format = (minor: number | string) => `${scope.tenant.currency} ${formatMinorUnits(Number(minor))}`;

    const payments = await scope.em.execute<GatewayPayment[]>(
      `select p.id, p.sale_id, p.store_id, p.plugin, p.amount, p.currency, p.status, p.provider_ref, p.flagged_reason,
              sale.status as sale_status, sp.amount as sale_paid,
              (select coalesce(sum(r.amount), 0) from ${s}.payment_refund r where r.payment_id = p.id and r.status = 'succeeded') as refunded
       from ${s}.payment p
       left join ${s}.sale sale on sale.id = p.sale_id
       left join ${s}.sale_payment sp on sp.payment_id = p.id
       where p.provider_ref is not null and p.created_at >= ?::date and p.created_at < ?::date and ${stores.sql}
       order by p.created_at, p.id`,
      [from, to, ...stores.params],
    );
    const mismatches: Mismatch[] = [];
    const byPlugin = new Map<
      string,
      { plugin: string; payments: number; paidInDawa: number; paidAtProvider: number; refundedInDawa: number; refundedAtProvider: number }
    >();
    const reports = await this.statusReports(scope, payments);
    for (const payment of payments) {
      const totals = byPlugin.get(payment.plugin) ?? {
        plugin: payment.plugin,
        payments: 0,
        paidInDawa: 0,
        paidAtProvider: 0,
        refundedInDawa: 0,
        refundedAtProvider: 0,
      };
      byPlugin.set(payment.plugin, totals);
      totals.payments++;
      const amount = Number(payment.amount);
      const refunded = Number(payment.refunded);
      if (payment.status === 'succeeded') totals.paidInDawa += amount;
      totals.refundedInDawa += refunded;
      const base = { plugin: payment.plugin, paymentId: payment.id, saleId: payment.sale_id, storeId: payment.store_id };
      if (payment.flagged_reason) mismatches.push({ ...base, kind: 'flagged', reason: payment.flagged_reason });
      const report = reports.get(payment.id)!;
      if (report instanceof Error) {
        mismatches.push({
          ...base,
          kind: 'provider-unreachable',
          reason: `Could not ask ${payment.plugin} about this payment: ${report.message}`,
        });
        continue;
      }
      totals.paidAtProvider += report.amountPaid;
      totals.refundedAtProvider += report.amountRefunded;
      const paidAtProvider = report.status === 'succeeded' || report.amountPaid > 0;
      if (paidAtProvider && (payment.status !== 'succeeded' || !payment.sale_paid) && !payment.flagged_reason) {
        mismatches.push({
          ...base,
          kind: 'paid-sale-not-completed',
          reason: `${payment.plugin} collected ${format(report.amountPaid)} but Dawa has the payment as ${payment.status} and the sale as ${payment.sale_status ?? 'missing'}: complete the sale or refund the customer.`,
        });
      } else if (!paidAtProvider && payment.status === 'succeeded') {
        mismatches.push({
          ...base,
          kind: 'paid-in-dawa-not-at-provider',
          reason: `Dawa recorded ${format(amount)} as paid but ${payment.plugin} reports the payment ${report.status}: check the provider's dashboard before handing over goods again.`,
        });
      }
      if (payment.sale_paid && Number(payment.sale_paid) !== amount) {
        mismatches.push({
          ...base,
          kind: 'amount-differs',
          reason: `The sale records ${format(payment.sale_paid)} for this payment but the payment was for ${format(amount)}.`,
        });
      }
      if (paidAtProvider && report.amountPaid !== amount) {
        mismatches.push({
          ...base,
          kind: 'amount-differs',
          reason: `${payment.plugin} collected ${format(report.amountPaid)} but the payment was for ${format(amount)}.`,
        });
      }
      if (report.amountRefunded > refunded) {
        mismatches.push({
          ...base,
          kind: 'refunded-at-provider-not-in-dawa',
          reason: `${payment.plugin} refunded ${format(report.amountRefunded)} but Dawa has ${format(refunded)} refunded: a refund was made outside Dawa or is still being recorded.`,
        });
      } else if (report.amountRefunded < refunded) {
        mismatches.push({
          ...base,
          kind: 'refunded-in-dawa-not-at-provider',
          reason: `Dawa recorded ${format(refunded)} refunded but ${payment.plugin} shows ${format(report.amountRefunded)}: the customer may not have their money back.`,
        });
      }
    }

    const drawers = await scope.em.execute<
      { id: string; store_id: string; expected_cash: string; counted_cash: string; difference: string }[]
    >(
      `select id, store_id, expected_cash, counted_cash, difference from ${s}.cash_session c
       where status = 'closed' and closed_at >= ?::date and closed_at < ?::date and ${drawerStores.sql} order by closed_at, id`,
      [from, to, ...drawerStores.params],
    );
    for (const drawer of drawers.filter((d) => Number(d.difference) !== 0)) {
      const over = Number(drawer.difference) > 0;
      mismatches.push({
        kind: over ? 'drawer-over' : 'drawer-short',
        cashSessionId: drawer.id,
        storeId: drawer.store_id,
        reason: `The drawer should have held ${format(drawer.expected_cash)} but ${format(drawer.counted_cash)} was counted: ${format(Math.abs(Number(drawer.difference)))} ${over ? 'over' : 'short'}.`,
      });
    }
    return {
      from,
      to,
      storeId: query.storeId ?? null,
      currency: scope.tenant.currency,
      plugins: [...byPlugin.values()],
      cashSessions: {
        closed: drawers.length,
        over: drawers.filter((d) => Number(d.difference) > 0).length,
        short: drawers.filter((d) => Number(d.difference) < 0).length,
      },
      mismatches,
    };
  }

  /** The provider's view of each payment; an error is kept per payment so one unreachable provider hides nothing else. */
  private async statusReports(scope: TenantScope, payments: GatewayPayment[]): Promise<Map<string, PaymentStatusReport | Error>> {
    const providers = new Map<string, PaymentProvider | undefined>();
    for (const plugin of new Set(payments.map((p) => p.plugin)))
      providers.set(plugin, await this.plugins.namedProvider(scope, plugin, 'payment'));
    const reports = new Map<string, PaymentStatusReport | Error>();
    const queue = [...payments];
    const worker = async () => {
      for (let payment = queue.shift(); payment; payment = queue.shift()) {
        try {
          const provider = providers.get(payment.plugin);
          if (!provider) throw new Error(`the ${payment.plugin} plugin is not turned on`);
          reports.set(
            payment.id,
            await provider.fetchStatus(payment.provider_ref, { amount: Number(payment.amount), currency: payment.currency }),
          );
        } catch (error) {
          reports.set(payment.id, error instanceof Error ? error : new Error(String(error)));
        }
      }
    };
    await Promise.all(Array.from({ length: STATUS_QUERY_CONCURRENCY }, worker));
    return reports;
  }
}
