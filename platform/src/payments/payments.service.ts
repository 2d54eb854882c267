import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { PluginError, PluginInputError, type PaymentMethod, type PaymentProvider } from '@dawa/plugin-sdk';
import { asSubject } from '../access/ability.js';
import { AuditService } from '../audit/audit.service.js';
import { canonicalJson } from '../audit/hash-chain.js';
import { dateRange, parseListQuery, valueFilterSql, type ListSpec } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { PublicUrl } from '../common/public-url.js';
import { storeAccessSql } from '../common/store-access.js';
import { assertCan, withEm, type TenantScope } from '../common/tenant-scope.js';
import { FieldCipher } from '../crypto/field-cipher.js';
import { ident } from '../database/sql.js';
import { PluginHostService } from '../plugins/plugin-host.service.js';
import { paymentView, webhookUrl, type PaymentRow } from './payment-record.js';
import { PaymentSettlementService } from './payment-settlement.service.js';
import type { PaymentIntentInput } from './payments.schemas.js';

export const paymentListSpec: ListSpec = {
  sortable: { createdAt: 'created_at', amount: 'amount', settledAt: 'settled_at' },
  defaultSort: ['createdAt', 'DESC'],
  filters: ['storeId', 'saleId', 'id', 'plugin', 'status', 'flagged', 'from', 'to'],
};

const STATUSES = ['pending', 'succeeded', 'failed', 'cancelled'];

export interface IntentOutcome {
  payment: ReturnType<typeof paymentView>;
  replayed: boolean;
}

/**
 * Payment intents: Dawa records a pending payment for what a sale still owes, then asks the named plugin to create
 * the vendor's order / STK push / intent (outside any transaction: no lock is held over a network call). The payment's
 * status then changes only from verified provider events (PaymentWebhookHandler) or status queries (refresh, cancel).
 */
@Injectable()
export class PaymentsService {
  constructor(
    private readonly plugins: PluginHostService,
    private readonly settlement: PaymentSettlementService,
    private readonly audit: AuditService,
    @Inject(FieldCipher) private readonly cipher: FieldCipher,
    private readonly publicUrl: PublicUrl,
  ) {}

  async createIntent(scope: TenantScope, input: PaymentIntentInput, idempotencyKey?: string): Promise<IntentOutcome> {
    const requestHash = createHash('sha256').update(canonicalJson(input)).digest('hex');
    if (idempotencyKey) {
      const earlier = await this.byIdempotencyKey(scope, idempotencyKey, requestHash);
      if (earlier) return earlier;
    }
    if (!input.saleId) throw Problem.unprocessable('Online orders cannot be paid yet: pay a sale (saleId).', 'orders-not-available');
    const s = ident(scope.tenant.schemaName);
    const [sale] = await scope.em.execute<{ id: string; store_id: string; status: string; currency: string }[]>(
      `select id, store_id, status, currency from ${s}.sale where id = ?`,
      [input.saleId],
    );
    if (!sale || (scope.ability && !scope.ability.can('read', asSubject('Sale', { storeId: sale.store_id }))))
      throw Problem.notFound('Sale');
    assertCan(scope, 'create', 'Payment', { storeId: sale.store_id });
    const { plugin, provider } = input.plugin
      ? { plugin: input.plugin, provider: await this.provider(scope, input.plugin) }
      : await this.pluginFor(scope, input.method, sale.currency);
    if (!provider.methods.includes(input.method)) {
      throw Problem.validation([{ field: 'method', message: `${plugin} takes ${provider.methods.join(', ')}` }]);
    }
    if (!provider.currencies.includes(sale.currency)) {
      throw Problem.unprocessable(`${plugin} does not take payments in ${sale.currency}.`, 'currency-not-supported');
    }

    const id = randomUUID();
    let payment: PaymentRow;
    try {
      payment = await scope.em.transactional(async (em) => {
        // Under the sale's lock: what it owes cannot change, and a second intent for it waits and then sees this one.
        const [locked] = await em.execute<{ status: string; balance_due: string }[]>(
          `select status, balance_due from ${s}.sale where id = ? for update`,
          [sale.id],
        );
        if (locked.status !== 'awaiting_payment') {
          throw Problem.conflict(`This sale is ${locked.status.replace('_', ' ')}: it owes nothing.`, 'sale-not-awaiting-payment');
        }
        const [row] = await em.execute<PaymentRow[]>(
          `insert into ${s}.payment (id, sale_id, store_id, plugin, method, amount, currency, payer_phone_sealed, idempotency_key, request_hash, created_by)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning *`,
          [
            id,
            sale.id,
            sale.store_id,
            plugin,
            input.method,
            locked.balance_due,
            sale.currency,
            input.phone ? this.cipher.encrypt(input.phone, `payment:${id}`) : null,
            idempotencyKey ?? null,
            requestHash,
            scope.actor?.id ?? null,
          ],
        );
        await this.audit.record(withEm(scope, em), {
          action: 'payment.created',
          entityType: 'Payment',
          entityId: id,
          after: {
            saleId: sale.id,
            plugin,
            method: input.method,
            amount: Number(locked.balance_due),
            currency: sale.currency,
          },
        });
        return row;
      });
    } catch (error) {
      if (!(error instanceof UniqueConstraintViolationException)) throw error;
      if (idempotencyKey) {
        const earlier = await this.byIdempotencyKey(scope, idempotencyKey, requestHash);
        if (earlier) return earlier;
      }
      const [pending] = await scope.em.execute<{ id: string }[]>(`select id from ${s}.payment where sale_id = ? and status = 'pending'`, [
        sale.id,
      ]);
      throw Problem.conflict(
        'A payment for this sale is already pending. Refresh or cancel it before starting another.',
        'payment-pending',
        { paymentId: pending?.id },
      );
    }
    return { payment: paymentView(await this.requestAtProvider(scope, provider, payment, input.phone)), replayed: false };
  }

  async get(scope: TenantScope, id: string) {
    return paymentView(await this.readable(scope, id));
  }

  async list(scope: TenantScope, rawQuery: Record<string, unknown>) {
    const query = parseListQuery(rawQuery, paymentListSpec);
    const conditions: string[] = [];
    const params: unknown[] = [];
    const access = storeAccessSql(scope, 'read', 'Payment');
    if (access) {
      conditions.push(access.sql);
      params.push(...access.params);
    }
    const values = valueFilterSql(query.filter, {
      ids: { storeId: 'store_id', saleId: 'sale_id', id: 'id' },
      values: { plugin: { column: 'plugin' }, status: { column: 'status', allowed: STATUSES } },
    });
    conditions.push(...values.conditions);
    params.push(...values.params);
    if (query.filter.flagged !== undefined) {
      if (typeof query.filter.flagged !== 'boolean') throw Problem.badRequest('filter.flagged must be true or false.');
      conditions.push(query.filter.flagged ? 'flagged_reason is not null' : 'flagged_reason is null');
    }
    const dates = dateRange(query.filter, 'created_at');
    conditions.push(...dates.conditions);
    params.push(...dates.params);
    const where = conditions.length ? conditions.join(' and ') : 'true';
    const s = ident(scope.tenant.schemaName);
    const [{ count }] = await scope.em.execute<{ count: string }[]>(`select count(*) from ${s}.payment where ${where}`, params);
    const [column, direction] = Object.entries(query.orderBy)[0];
    const rows = await scope.em.execute<PaymentRow[]>(
      `select * from ${s}.payment where ${where} order by ${column} ${direction} nulls last, id limit ? offset ?`,
      [...params, query.limit, query.offset],
    );
    return { query, rows: rows.map(paymentView), total: Number(count) };
  }

  /** Asks the provider where a pending payment stands and settles it if the provider has. */
  async refresh(scope: TenantScope, id: string) {
    const payment = await this.readable(scope, id);
    assertCan(scope, 'create', 'Payment', { storeId: payment.store_id });
    await this.applyProviderStatus(scope, payment);
    return paymentView(await this.readable(scope, id));
  }

  /**
   * Gives up on a pending payment (the customer walked away, the QR code expired) so the sale can be paid otherwise
   * or voided. The provider is asked first: a payment it has already taken is settled as paid instead.
   */
  async cancel(scope: TenantScope, id: string) {
    const payment = await this.readable(scope, id);
    assertCan(scope, 'create', 'Payment', { storeId: payment.store_id });
    if (payment.status !== 'pending') throw Problem.conflict(`This payment is already ${payment.status}.`, 'payment-settled');
    const status = await this.applyProviderStatus(scope, payment);
    if (status === 'pending') {
      await scope.em.transactional(async (em) => {
        const [locked] = await em.execute<PaymentRow[]>(`select * from ${ident(scope.tenant.schemaName)}.payment where id = ? for update`, [
          id,
        ]);
        await this.settlement.settle(withEm(scope, em), locked, 'cancelled', {
          failure: { code: 'cancelled', message: 'Cancelled at the counter.' },
          source: 'cancelled by staff',
        });
      });
    }
    return paymentView(await this.readable(scope, id));
  }

  private async applyProviderStatus(scope: TenantScope, payment: PaymentRow): Promise<string> {
    if (payment.status !== 'pending' || !payment.provider_ref) return payment.status;
    const provider = await this.provider(scope, payment.plugin);
    let report;
    try {
      report = await provider.fetchStatus(payment.provider_ref, { amount: Number(payment.amount), currency: payment.currency });
    } catch (error) {
      throw providerProblem(payment.plugin, error);
    }
    if (report.status === 'pending') return 'pending';
    return scope.em.transactional(async (em) => {
      const s = withEm(scope, em);
      const [locked] = await em.execute<PaymentRow[]>(`select * from ${ident(scope.tenant.schemaName)}.payment where id = ? for update`, [
        payment.id,
      ]);
      if (report.status === 'succeeded' && report.amountPaid !== Number(payment.amount)) {
        await this.settlement.flag(s, locked, `${payment.plugin} reports ${report.amountPaid} paid, the payment is for ${payment.amount}.`);
        return 'pending';
      }
      await this.settlement.settle(s, locked, report.status as 'succeeded' | 'failed' | 'cancelled', {
        providerPaymentId: report.providerPaymentIds[0],
        failure:
          report.status === 'succeeded'
            ? undefined
            : { code: report.status, message: `The provider reports the payment ${report.status}.` },
        source: 'status query',
      });
      return report.status;
    });
  }

  private async requestAtProvider(scope: TenantScope, provider: PaymentProvider, payment: PaymentRow, phone?: string): Promise<PaymentRow> {
    let intent;
    try {
      intent = await provider.createPayment({
        paymentId: payment.id,
        amount: Number(payment.amount),
        currency: payment.currency,
        method: payment.method as PaymentProvider['methods'][number],
        description: `${scope.tenant.name} sale`,
        customer: phone ? { phone } : undefined,
        callbackUrl: webhookUrl(this.publicUrl, scope.tenant.slug, payment.plugin),
        metadata: { paymentId: payment.id, saleId: payment.sale_id ?? '' },
      });
    } catch (error) {
      // The provider never took the request: the payment fails at once so the sale can be paid another way.
      await scope.em.transactional(async (em) => {
        await this.settlement.settle(withEm(scope, em), payment, 'failed', {
          failure: {
            code: error instanceof PluginError ? error.code : 'provider_error',
            message: error instanceof Error ? error.message : String(error),
          },
          source: 'create payment',
        });
      });
      throw providerProblem(payment.plugin, error);
    }
    return scope.em.transactional(async (em) => {
      const [row] = await em.execute<PaymentRow[]>(
        `update ${ident(scope.tenant.schemaName)}.payment set provider_ref = ?, customer_action = ?::jsonb, updated_at = now() where id = ? returning *`,
        [intent.providerRef, JSON.stringify(intent.action), payment.id],
      );
      await this.audit.record(withEm(scope, em), {
        action: 'payment.requested',
        entityType: 'Payment',
        entityId: payment.id,
        after: { providerRef: intent.providerRef, action: intent.action.type },
      });
      return row;
    });
  }

  /** The first enabled payment plugin that takes `method` in `currency`: what a counter means when it names none. */
  private async pluginFor(
    scope: TenantScope,
    method: PaymentMethod,
    currency: string,
  ): Promise<{ plugin: string; provider: PaymentProvider }> {
    const candidates = await this.plugins.enabledProviders(scope, 'payment');
    const match = candidates.find(({ provider }) => provider.methods.includes(method) && provider.currencies.includes(currency));
    if (!match) {
      throw Problem.unprocessable(
        `No payment plugin turned on for this chain takes ${method} in ${currency}. An owner or admin can enable one under Plugins.`,
        'no-payment-plugin',
      );
    }
    return match;
  }

  private async provider(scope: TenantScope, plugin: string): Promise<PaymentProvider> {
    const provider = await this.plugins.namedProvider(scope, plugin, 'payment');
    if (!provider) {
      throw Problem.unprocessable(
        `${plugin} is not a payment plugin turned on for this chain. An owner or admin can enable it under Plugins.`,
        'payment-plugin-not-enabled',
      );
    }
    return provider;
  }

  private async readable(scope: TenantScope, id: string): Promise<PaymentRow> {
    const [row] = await scope.em.execute<PaymentRow[]>(`select * from ${ident(scope.tenant.schemaName)}.payment where id = ?`, [id]);
    if (!row || (scope.ability && !scope.ability.can('read', asSubject('Payment', { storeId: row.store_id }))))
      throw Problem.notFound('Payment');
    return row;
  }

  private async byIdempotencyKey(scope: TenantScope, key: string, requestHash: string): Promise<IntentOutcome | undefined> {
    const [row] = await scope.em
      .fork()
      .execute<PaymentRow[]>(`select * from ${ident(scope.tenant.schemaName)}.payment where idempotency_key = ?`, [key]);
    if (!row) return undefined;
    if (row.request_hash !== requestHash) {
      throw Problem.unprocessable(
        'This Idempotency-Key was already used for a different payment. Use a new key for a new payment.',
        'idempotency-key-reused',
      );
    }
    return { payment: paymentView(row), replayed: true };
  }
}

/** A provider that refused the request (bad input) is a 422; one that failed or could not be reached, a 502. */
function providerProblem(plugin: string, error: unknown): Problem {
  if (error instanceof Problem) return error;
  if (error instanceof PluginInputError) {
    return Problem.unprocessable(`${plugin} refused the payment: ${error.message}`, 'payment-refused', {
      errors: error.issues.map((i) => ({ field: i.field, message: i.message })),
    });
  }
  const reason = error instanceof PluginError ? error.message : 'it did not answer as expected';
  return new Problem(502, 'payment-provider-error', 'Payment provider error', `${plugin} could not be reached or failed: ${reason}`);
}
