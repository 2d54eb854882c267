import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { TaxProvider, TaxQuote } from '@dawa/plugin-sdk';
import { asSubject } from '../access/ability.js';
import { storeAccessSql } from '../common/store-access.js';
import { canonicalJson } from '../audit/hash-chain.js';
import { AuditService } from '../audit/audit.service.js';
import { dateRange, parseListQuery, uuidList, type ListSpec } from '../common/list-query.js';
import { Problem, type FieldError } from '../common/problem.js';
import { assertCan, withEm, type TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { today } from '../inventory/inventory-context.js';
import { moveStock } from '../inventory/ledger.js';
import { GatewayRefundsService } from '../payments/gateway-refunds.service.js';
import { PluginHostService } from '../plugins/plugin-host.service.js';
import { nextDocumentNumber } from '../sales/document-numbers.js';
import { DEFAULT_FY_START_MONTH, financialYear } from '../sales/financial-year.js';
import { loadSales, type SaleLineRecord, type SaleRecord } from '../sales/sale-record.js';
import { taxProblem } from '../sales/tax-problem.js';
import { batchesForReturn, paymentShares, proRataShare, refundTotal, splitRefund } from './return-math.js';
import { insertReturn, loadReturns, returnView, type RefundRecord, type ReturnLineRecord, type ReturnRecord } from './return-record.js';
import type { ReturnInput } from './returns.schemas.js';

export const returnListSpec: ListSpec = {
  sortable: { returnedAt: 'returned_at', total: 'total', creditNoteNo: 'credit_note_no' },
  defaultSort: ['returnedAt', 'DESC'],
  filters: ['storeId', 'saleId', 'id', 'from', 'to'],
};

export interface ReturnOutcome {
  creditNote: ReturnType<typeof returnView>;
  replayed: boolean;
}

/** One sale line's part of a return: request lines naming the same sale line are added up. */
interface Wanted {
  line: SaleLineRecord;
  restock: number;
  writeOff: number;
}

/**
 * Sale returns, in one transaction: lock the sale and its lines → refuse returning more than sold minus already
 * returned → pro-rata credit of each line → the tenant's tax plugin at the ORIGINAL sale's date (the rates the
 * customer was charged) → stock back into the batches that sold it (or written off) → refunds through the original
 * payment methods (those paid through a payment plugin are sent back through it, from the outbox) → the next gap-free
 * credit-note number → sale status, audit. An Idempotency-Key makes a retried
 * request answer with the credit note already issued instead of refunding twice.
 */
@Injectable()
export class ReturnsService {
  constructor(
    private readonly audit: AuditService,
    private readonly plugins: PluginHostService,
    private readonly gatewayRefunds: GatewayRefundsService,
  ) {}

  async create(scope: TenantScope, saleId: string, input: ReturnInput, idempotencyKey?: string): Promise<ReturnOutcome> {
    const requestHash = createHash('sha256')
      .update(canonicalJson({ saleId, ...input }))
      .digest('hex');
    const schema = scope.tenant.schemaName;
    const [sale] = await loadSales(scope.em, schema, { sql: 'id = ?', params: [saleId] });
    // Staff who may not see the sale learn nothing about it: 404, as GET /sales/:id answers them.
    if (!sale || (scope.ability && !scope.ability.can('read', asSubject('Sale', { storeId: sale.storeId }))))
      throw Problem.notFound('Sale');
    assertCan(scope, 'create', 'SaleReturn', { storeId: sale.storeId });
    const invoiceNo = sale.invoiceNo;
    if (!invoiceNo) {
      throw Problem.conflict(`This sale is ${sale.status.replace('_', ' ')}: only a paid sale can be returned.`, 'sale-not-invoiced');
    }
    if (idempotencyKey) {
      const earlier = await this.byIdempotencyKey(scope, idempotencyKey, requestHash);
      if (earlier) return earlier;
    }
    const wanted = this.wanted(sale, input);
    const tax = await this.plugins.provider(scope, 'tax');
    const businessDate = today(scope);
    const fyStart = scope.tenant.settings.financialYearStartMonth ?? DEFAULT_FY_START_MONTH[scope.tenant.country] ?? 1;
    const fy = financialYear(businessDate, fyStart);
    const s = ident(schema);

    try {
      return await scope.em.transactional(async (em) => {
        // The sale row first, then its lines: every return of this sale queues here, so concurrent returns of the
        // same line see each other's returned quantities and the sale's status is decided on all of them.
        await em.execute(`select id from ${s}.sale where id = ? for update`, [saleId]);
        const fresh = await em.execute<{ id: string; quantity: number; returned_quantity: number }[]>(
          `select id, quantity, returned_quantity from ${s}.sale_line where sale_id = ? order by line_no for update`,
          [saleId],
        );
        const returnedBefore = new Map(fresh.map((l) => [l.id, l.returned_quantity]));
        this.assertReturnable(wanted, returnedBefore);

        const returnId = randomUUID();
        const lines: ReturnLineRecord[] = wanted.map((w, i) => {
          const before = returnedBefore.get(w.line.id)!;
          const quantity = w.restock + w.writeOff;
          return {
            id: randomUUID(),
            saleLineId: w.line.id,
            lineNo: i + 1,
            productId: w.line.productId,
            productName: w.line.productName,
            quantity,
            restockedQuantity: w.restock,
            writtenOffQuantity: w.writeOff,
            discount: proRataShare(w.line.discount, w.line.quantity, before, quantity),
            amount: proRataShare(w.line.amount, w.line.quantity, before, quantity),
            taxable: 0,
            tax: 0,
            taxRate: 0,
            components: [],
            batches: batchesForReturn(w.line.allocations, before, w.restock, w.writeOff),
          };
        });
        const quote = await this.quote(tax, sale, wanted, lines);
        for (const line of lines) {
          const taxed = quote.lines.find((l) => l.id === line.id)!;
          Object.assign(line, { taxable: taxed.taxable, tax: taxed.tax, taxRate: taxed.rate, components: taxed.components });
        }

        // Products in id order, as sales lock them, so a return and a sale never wait on each other's batches.
        for (const line of [...lines].sort((a, b) => (a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : 0))) {
          for (const batch of line.batches) await this.putBack(scope, em, sale.storeId, line.productId, batch, returnId);
        }
        for (const w of wanted) {
          await em.execute(`update ${s}.sale_line set returned_quantity = returned_quantity + ? where id = ?`, [
            w.restock + w.writeOff,
            w.line.id,
          ]);
          returnedBefore.set(w.line.id, returnedBefore.get(w.line.id)! + w.restock + w.writeOff);
        }
        const completesSale = fresh.every((l) => returnedBefore.get(l.id) === l.quantity);
        await em.execute(`update ${s}.sale set status = ? where id = ?`, [completesSale ? 'returned' : 'partially_returned', saleId]);

        const refunds = await this.refunds(em, schema, sale, completesSale, quote.totals.gross, tax.roundingUnit);
        const total = refunds.reduce((sum, r) => sum + r.amount, 0);
        const creditNoteNo = await nextDocumentNumber(em, schema, {
          storeId: sale.storeId,
          prefix: await this.invoicePrefix(em, schema, sale.storeId),
          financialYear: fy,
          kind: 'credit_note',
        });
        const record: ReturnRecord = {
          id: returnId,
          saleId,
          storeId: sale.storeId,
          creditNoteNo,
          financialYear: fy,
          businessDate,
          returnedAt: new Date(),
          reason: input.reason,
          actorId: scope.actor?.id ?? null,
          currency: sale.currency,
          original: { invoiceNo, businessDate: sale.businessDate },
          totals: {
            gross: quote.totals.gross,
            taxable: quote.totals.taxable,
            tax: quote.totals.tax,
            roundOff: total - quote.totals.gross,
            total,
          },
          taxQuote: quote,
          lines,
          refunds,
          idempotencyKey: idempotencyKey ?? null,
          requestHash,
        };
        await insertReturn(em, schema, record);
        await this.gatewayRefunds.requestFor(withEm(scope, em), refunds);
        await this.audit.record(withEm(scope, em), {
          action: 'sale.returned',
          entityType: 'SaleReturn',
          entityId: returnId,
          after: {
            creditNoteNo,
            saleId,
            invoiceNo,
            reason: input.reason,
            total,
            lines: lines.map((l) => ({ saleLineId: l.saleLineId, quantity: l.quantity, restocked: l.restockedQuantity, amount: l.amount })),
            refunds: refunds.map((r) => ({ method: r.method, amount: r.amount, status: r.status })),
          },
        });
        return { creditNote: returnView(record), replayed: false };
      });
    } catch (error) {
      // The same key sent twice at once: the other request committed first, so answer with its credit note.
      if (idempotencyKey && error instanceof UniqueConstraintViolationException) {
        const earlier = await this.byIdempotencyKey(scope, idempotencyKey, requestHash);
        if (earlier) return earlier;
      }
      throw error;
    }
  }

  async list(scope: TenantScope, rawQuery: Record<string, unknown>) {
    const query = parseListQuery(rawQuery, returnListSpec);
    const conditions: string[] = [];
    const params: unknown[] = [];
    const access = storeAccessSql(scope, 'read', 'SaleReturn', 'r.store_id');
    if (access) {
      conditions.push(access.sql);
      params.push(...access.params);
    }
    for (const [key, column] of [
      ['storeId', 'store_id'],
      ['saleId', 'sale_id'],
      ['id', 'id'],
    ] as const) {
      const ids = uuidList(query.filter, key);
      if (ids) {
        conditions.push(`r.${column} in (${ids.map(() => '?').join(',')})`);
        params.push(...ids);
      }
    }
    const dates = dateRange(query.filter, 'r.business_date');
    conditions.push(...dates.conditions);
    params.push(...dates.params);
    const where = conditions.length ? conditions.join(' and ') : 'true';
    const s = ident(scope.tenant.schemaName);
    const [{ count }] = await scope.em.execute<{ count: string }[]>(`select count(*) from ${s}.sale_return r where ${where}`, params);
    const [column, direction] = Object.entries(query.orderBy)[0];
    const page = await scope.em.execute<{ id: string }[]>(
      `select r.id from ${s}.sale_return r where ${where} order by r.${column} ${direction}, r.id limit ? offset ?`,
      [...params, query.limit, query.offset],
    );
    const found = page.length
      ? await loadReturns(scope.em, scope.tenant.schemaName, {
          sql: `r.id in (${page.map(() => '?').join(',')})`,
          params: page.map((p) => p.id),
        })
      : [];
    const order = new Map(page.map((p, i) => [p.id, i]));
    found.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    return { query, rows: found.map(returnView), total: Number(count) };
  }

  async get(scope: TenantScope, id: string) {
    return returnView(await this.record(scope, id));
  }

  /** The credit note with its stored tax quote, if the actor may read it: another store's is a 404 like a missing one. */
  async record(scope: TenantScope, id: string): Promise<ReturnRecord> {
    const access = storeAccessSql(scope, 'read', 'SaleReturn', 'r.store_id');
    const [found] = await loadReturns(scope.em, scope.tenant.schemaName, {
      sql: `r.id = ?${access ? ` and ${access.sql}` : ''}`,
      params: [id, ...(access?.params ?? [])],
    });
    if (!found) throw Problem.notFound('Return');
    return found;
  }

  /** Request lines grouped by sale line (3 back on the shelf and 1 damaged may come as two lines); unknown lines are 400s. */
  private wanted(sale: SaleRecord, input: ReturnInput): Wanted[] {
    const byId = new Map(sale.lines.map((l) => [l.id, l]));
    const errors: FieldError[] = [];
    const grouped = new Map<string, Wanted>();
    input.lines.forEach((requested, i) => {
      const line = byId.get(requested.saleLineId);
      if (!line) return errors.push({ field: `lines.${i}.saleLineId`, message: `is not a line of sale ${sale.invoiceNo}` });
      const w = grouped.get(line.id) ?? { line, restock: 0, writeOff: 0 };
      if (requested.restock) w.restock += requested.quantity;
      else w.writeOff += requested.quantity;
      grouped.set(line.id, w);
    });
    if (errors.length) throw Problem.validation(errors);
    return [...grouped.values()].sort((a, b) => a.line.lineNo - b.line.lineNo);
  }

  /** Sold minus already returned, per line, read under the lines' row locks. */
  private assertReturnable(wanted: Wanted[], returnedBefore: Map<string, number>): void {
    const over = wanted
      .map((w) => ({
        saleLineId: w.line.id,
        productName: w.line.productName,
        sold: w.line.quantity,
        alreadyReturned: returnedBefore.get(w.line.id)!,
        requested: w.restock + w.writeOff,
      }))
      .filter((l) => l.alreadyReturned + l.requested > l.sold);
    if (!over.length) return;
    throw Problem.unprocessable(
      over
        .map(
          (l) =>
            `${l.productName}: ${l.requested} requested but only ${l.sold - l.alreadyReturned} of ${l.sold} sold can still be returned`,
        )
        .join('; ') + '.',
      'over-return',
      { lines: over },
    );
  }

  /**
   * Returned units go back into the batch that sold them (kind `return`). Units that cannot be resold (opened,
   * damaged, broken cold chain) go back too and are taken straight out again as an `adjustment` with reason
   * `returned_not_restocked`: the ledger then shows both that the customer brought them back and that they left the
   * shelf, and the batch's balance never counts them as sellable. `expiry_write_off` would misreport why they left.
   */
  private async putBack(
    scope: TenantScope,
    em: TenantScope['em'],
    storeId: string,
    productId: string,
    batch: { batchId: string; quantity: number; restocked: boolean },
    returnId: string,
  ): Promise<void> {
    const base = { storeId, productId, batchId: batch.batchId, reference: returnId, actorId: scope.actor?.id, requestId: scope.requestId };
    await moveStock(em, scope.tenant.schemaName, { ...base, kind: 'return', quantity: batch.quantity, reason: 'customer return' });
    if (batch.restocked) return;
    await moveStock(em, scope.tenant.schemaName, {
      ...base,
      kind: 'adjustment',
      quantity: -batch.quantity,
      reason: 'returned_not_restocked',
    });
  }

  /** The refund, split over the sale's payments (see `splitRefund`); read under the sale's lock. */
  private async refunds(
    em: TenantScope['em'],
    schema: string,
    sale: SaleRecord,
    completesSale: boolean,
    gross: number,
    roundingUnit: number,
  ): Promise<RefundRecord[]> {
    const s = ident(schema);
    const [before] = await em.execute<{ credited: string; refunded: string }[]>(
      `select coalesce(sum(gross_total), 0) as credited, coalesce(sum(total), 0) as refunded from ${s}.sale_return where sale_id = ?`,
      [sale.id],
    );
    const rows = await em.execute<{ sale_payment_id: string; amount: string }[]>(
      `select sale_payment_id, sum(amount) as amount from ${s}.sale_refund where sale_id = ? group by sale_payment_id`,
      [sale.id],
    );
    const amount = refundTotal(
      sale.totals.total,
      completesSale,
      { credited: Number(before.credited), refunded: Number(before.refunded) },
      gross,
      roundingUnit,
    );
    const shares = paymentShares(sale.payments, sale.totals.change, new Map(rows.map((r) => [r.sale_payment_id, Number(r.amount)])));
    return splitRefund(amount, shares).map((part) => ({
      id: randomUUID(),
      salePaymentId: part.id,
      method: part.method,
      amount: part.amount,
      status: part.method === 'cash' ? 'completed' : 'pending',
    }));
  }

  private async invoicePrefix(em: TenantScope['em'], schema: string, storeId: string): Promise<string> {
    const [store] = await em.execute<{ invoice_prefix: string }[]>(`select invoice_prefix from ${ident(schema)}.store where id = ?`, [
      storeId,
    ]);
    return store.invoice_prefix;
  }

  /**
   * The credit note is taxed as of the ORIGINAL sale's date, with its seller, place of supply and buyer: the tax
   * reversed is the tax that was charged, even if rates changed since (GST 2.0 on 22 Sep 2025).
   */
  private async quote(tax: TaxProvider, sale: SaleRecord, wanted: Wanted[], lines: ReturnLineRecord[]): Promise<TaxQuote> {
    try {
      return await tax.quote({
        date: sale.businessDate,
        seller: { region: sale.taxQuote.seller.region },
        placeOfSupply: sale.taxQuote.placeOfSupply,
        buyer: sale.taxQuote.buyer,
        lines: lines.map((l, i) => ({
          id: l.id,
          description: l.productName,
          itemCode: l.productId,
          commodityCode: wanted[i].line.commodityCode,
          taxClass: wanted[i].line.taxClass,
          quantity: l.quantity,
          unit: wanted[i].line.unit,
          amount: l.amount,
          discount: l.discount,
        })),
      });
    } catch (error) {
      throw taxProblem(error, 'The return');
    }
  }

  private async byIdempotencyKey(scope: TenantScope, key: string, requestHash: string): Promise<ReturnOutcome | undefined> {
    const [found] = await loadReturns(scope.em.fork(), scope.tenant.schemaName, { sql: 'r.idempotency_key = ?', params: [key] });
    if (!found) return undefined;
    if (found.requestHash !== requestHash) {
      throw Problem.unprocessable(
        'This Idempotency-Key was already used for a different return. Use a new key for a new return.',
        'idempotency-key-reused',
      );
    }
    return { creditNote: returnView(found), replayed: true };
  }
}
