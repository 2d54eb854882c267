import { Injectable } from '@nestjs/common';
import { createHash, randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { formatMinorUnits, type TaxProvider, type TaxQuote } from '@dawa/plugin-sdk';
import { canonicalJson } from '../audit/hash-chain.js';
import { AuditService } from '../audit/audit.service.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { catalogRules } from '../catalog/country-rules.js';
import { dateRange, parseListQuery, uuidList, valueFilterSql, type ListSpec } from '../common/list-query.js';
import { Problem } from '../common/problem.js';
import { assertCan, withEm, type TenantScope } from '../common/tenant-scope.js';
import { storeAccessSql } from '../common/store-access.js';
import { ident } from '../database/sql.js';
import { allocateFefo, type BatchPick } from '../inventory/fefo-allocator.js';
import { doNotSellWithinDays, today } from '../inventory/inventory-context.js';
import { moveStock } from '../inventory/ledger.js';
import { notificationRequests } from '../notifications/notification-events.js';
import { OutboxService } from '../outbox/outbox.service.js';
import { PluginHostService } from '../plugins/plugin-host.service.js';
import { PrescriptionsService } from '../prescriptions/prescriptions.service.js';
import { RegistersService } from '../registers/registers.service.js';
import { nextDocumentNumber } from './document-numbers.js';
import { DEFAULT_FY_START_MONTH, financialYear } from './financial-year.js';
import { settle } from './payments.js';
import { taxProblem } from './tax-problem.js';
import { discountAmount, grossFromPicks } from './pricing.js';
import { insertSale, loadSales, saleView, type SaleLineRecord, type SaleRecord } from './sale-record.js';
import type { SaleCustomer, SaleInput } from './sales.schemas.js';

interface ProductRow {
  id: string;
  name: string;
  pack_size: number;
  base_unit: string;
  schedule: string;
  tax_class: string;
  hsn_code: string | null;
  kra_item_class: string | null;
  status: string;
}

export const saleListSpec: ListSpec = {
  sortable: { soldAt: 'sold_at', total: 'total', invoiceNo: 'invoice_no' },
  defaultSort: ['soldAt', 'DESC'],
  filters: ['storeId', 'id', 'from', 'to', 'invoiceNo', 'status'],
};

const SALE_STATUSES = ['awaiting_payment', 'voided', 'completed', 'partially_returned', 'returned'];

/** Raised inside the sale's transaction when a line cannot be filled; turned into a 409 once it has rolled back. */
class OutOfStock extends Error {
  constructor(
    readonly line: SaleLineRecord,
    readonly shortage: Problem,
  ) {
    super(shortage.message);
  }
}

export interface SaleOutcome {
  sale: ReturnType<typeof saleView>;
  replayed: boolean;
}

/**
 * The counter sale, in one transaction: FEFO allocation → price from each batch's MRP (pro rata for loose units) →
 * discount → the tenant's tax plugin → totals and round-off → payments must cover it (change for cash) → the next
 * gap-free invoice number → stock ledger, sale, audit. A sale with a gateway payment line waits for it instead
 * (`awaiting_payment`, stock already allocated, no invoice number yet). An Idempotency-Key makes a retried request return the sale it
 * already made instead of selling (and charging) twice.
 */
@Injectable()
export class SalesService {
  constructor(
    private readonly audit: AuditService,
    private readonly plugins: PluginHostService,
    private readonly catalog: CatalogService,
    private readonly prescriptions: PrescriptionsService,
    private readonly registers: RegistersService,
    private readonly outbox: OutboxService,
  ) {}

  async create(scope: TenantScope, input: SaleInput, idempotencyKey?: string): Promise<SaleOutcome> {
    assertCan(scope, 'create', 'Sale', { storeId: input.storeId });
    const requestHash = createHash('sha256').update(canonicalJson(input)).digest('hex');
    if (idempotencyKey) {
      const earlier = await this.byIdempotencyKey(scope, idempotencyKey, requestHash);
      if (earlier) return earlier;
    }
    const s = ident(scope.tenant.schemaName);
    const [store] = await scope.em.execute<{ id: string; region: string; invoice_prefix: string }[]>(
      `select id, region, invoice_prefix from ${s}.store where id = ?`,
      [input.storeId],
    );
    if (!store) throw Problem.validation([{ field: 'storeId', message: 'no such store' }]);
    const products = await this.products(scope, input);
    const rxLines = this.assertPrescriptions(scope, input, products);
    const tax = await this.plugins.provider(scope, 'tax');
    const businessDate = today(scope);
    const fyStart = scope.tenant.settings.financialYearStartMonth ?? DEFAULT_FY_START_MONTH[scope.tenant.country] ?? 1;
    const format = (minor: number) => `${scope.tenant.currency} ${formatMinorUnits(minor)}`;

    try {
      return await scope.em.transactional(async (em) => {
        const schema = scope.tenant.schemaName;
        const saleId = randomUUID();
        // Prescription first (locks its row, takes one dispensing), then batches, then the invoice counter: one order.
        const prescription = rxLines.length
          ? await this.prescriptions.dispense(withEm(scope, em), {
              prescriptionId: input.prescriptionId!,
              saleId,
              lines: rxLines,
              pharmacist: scope.actor!,
            })
          : undefined;
        const lines: SaleLineRecord[] = input.lines.map((line, i) => {
          const product = products.get(line.productId)!;
          return {
            id: randomUUID(),
            lineNo: i + 1,
            productId: product.id,
            productName: product.name,
            schedule: product.schedule,
            commodityCode: product.hsn_code ?? product.kra_item_class,
            taxClass: product.tax_class,
            quantity: line.quantity,
            unit: product.base_unit,
            packSize: product.pack_size,
            gross: 0,
            discountPct: line.discountPct,
            discount: 0,
            amount: 0,
            taxable: 0,
            tax: 0,
            taxRate: 0,
            components: [],
            allocations: [],
            returnedQuantity: 0,
          };
        });
        // Lines are allocated in product order so concurrent sales lock batches in the same order (no deadlocks);
        // each line's stock moves before the next is allocated, so two lines of one product never count it twice.
        for (const line of [...lines].sort((a, b) =>
          a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : a.lineNo - b.lineNo,
        )) {
          line.allocations = await this.allocate(scope, em, schema, input, line);
          for (const pick of line.allocations) {
            await moveStock(em, schema, {
              storeId: input.storeId,
              productId: line.productId,
              batchId: pick.batchId,
              kind: 'sale',
              quantity: -pick.quantity,
              reference: saleId,
              reason: input.allowNearExpiry ? 'near-expiry override' : null,
              actorId: scope.actor?.id,
              requestId: scope.requestId,
            });
          }
          line.gross = grossFromPicks(line.allocations, line.packSize);
          line.discount = discountAmount(line.gross, line.discountPct);
          line.amount = line.gross - line.discount;
        }
        const quote = await this.quote(tax, businessDate, store.region, input, lines);
        for (const line of lines) {
          const taxed = quote.lines.find((l) => l.id === line.id)!;
          Object.assign(line, { taxable: taxed.taxable, tax: taxed.tax, taxRate: taxed.rate, components: taxed.components });
        }
        const total = quote.totals.payable;
        const { paid, change, balanceDue } = settle(input.payments, total, format);
        // A sale waiting for its gateway payment gets its invoice number when it completes (SaleSettlementService).
        const invoiceNo = balanceDue
          ? null
          : await nextDocumentNumber(em, schema, {
              storeId: input.storeId,
              prefix: store.invoice_prefix,
              financialYear: financialYear(businessDate, fyStart),
              kind: 'invoice',
            });
        const record: SaleRecord = {
          id: saleId,
          storeId: input.storeId,
          invoiceNo,
          financialYear: financialYear(businessDate, fyStart),
          businessDate,
          soldAt: new Date(),
          status: balanceDue ? 'awaiting_payment' : 'completed',
          customer: input.customer
            ? (Object.fromEntries(Object.entries(input.customer).filter(([, v]) => v !== undefined)) as SaleCustomer)
            : null,
          prescriptionId: input.prescriptionId ?? null,
          cashierId: scope.actor?.id ?? null,
          currency: scope.tenant.currency,
          totals: {
            gross: quote.totals.gross,
            discount: lines.reduce((sum, l) => sum + l.discount, 0),
            taxable: quote.totals.taxable,
            tax: quote.totals.tax,
            roundOff: quote.totals.roundOff,
            total,
            paid,
            change,
          },
          balanceDue,
          taxQuote: quote,
          lines,
          payments: input.payments.filter((p) => !p.gateway).map(({ gateway: _later, ...p }) => ({ ...p, id: randomUUID() })),
          idempotencyKey: idempotencyKey ?? null,
          requestHash,
        };
        await insertSale(em, schema, record);
        // The register entry carries the invoice number: a sale waiting for its payment writes it when it completes.
        if (prescription && !balanceDue) await this.registers.recordSale(withEm(scope, em), record, prescription, scope.actor!);
        // A sale waiting for its payment has no invoice to send yet: SaleSettlementService sends it when it completes.
        if (!balanceDue && record.customer?.phone && record.customer.smsReceipt)
          await this.outbox.emit(withEm(scope, em), notificationRequests.saleReceipt(saleId));
        const view = saleView(record);
        await this.audit.record(withEm(scope, em), {
          action: balanceDue ? 'sale.awaiting_payment' : 'sale.completed',
          entityType: 'Sale',
          entityId: saleId,
          after: {
            invoiceNo,
            storeId: input.storeId,
            total,
            balanceDue,
            lines: lines.map((l) => ({ productId: l.productId, quantity: l.quantity, amount: l.amount })),
          },
        });
        return { sale: view, replayed: false };
      });
    } catch (error) {
      if (error instanceof OutOfStock) throw await this.outOfStockProblem(scope, input.storeId, error);
      // The same key sent twice at once: the other request committed first (taking the key, or the last dispensing of
      // the prescription), so answer with its sale.
      if (idempotencyKey && (error instanceof UniqueConstraintViolationException || error instanceof Problem)) {
        const earlier = await this.byIdempotencyKey(scope, idempotencyKey, requestHash);
        if (earlier) return earlier;
      }
      throw error;
    }
  }

  async list(scope: TenantScope, rawQuery: Record<string, unknown>) {
    const query = parseListQuery(rawQuery, saleListSpec);
    const conditions: string[] = [];
    const params: unknown[] = [];
    const access = storeAccessSql(scope, 'read', 'Sale');
    if (access) {
      conditions.push(access.sql);
      params.push(...access.params);
    }
    const storeIds = uuidList(query.filter, 'storeId');
    if (storeIds) {
      conditions.push(`store_id in (${storeIds.map(() => '?').join(',')})`);
      params.push(...storeIds);
    }
    const ids = uuidList(query.filter, 'id');
    if (ids) {
      conditions.push(`id in (${ids.map(() => '?').join(',')})`);
      params.push(...ids);
    }
    const dates = dateRange(query.filter, 'business_date');
    conditions.push(...dates.conditions);
    params.push(...dates.params);
    const statuses = valueFilterSql(query.filter, { values: { status: { column: 'status', allowed: SALE_STATUSES } } });
    conditions.push(...statuses.conditions);
    params.push(...statuses.params);
    if (typeof query.filter.invoiceNo === 'string') {
      conditions.push('invoice_no = ?');
      params.push(query.filter.invoiceNo);
    }
    const where = conditions.length ? conditions.join(' and ') : 'true';
    const s = ident(scope.tenant.schemaName);
    const [{ count }] = await scope.em.execute<{ count: string }[]>(`select count(*) from ${s}.sale where ${where}`, params);
    const [column, direction] = Object.entries(query.orderBy)[0];
    const page = await scope.em.execute<{ id: string }[]>(
      `select id from ${s}.sale where ${where} order by ${column} ${direction}, id limit ? offset ?`,
      [...params, query.limit, query.offset],
    );
    const sales = page.length
      ? await loadSales(scope.em, scope.tenant.schemaName, {
          sql: `id in (${page.map(() => '?').join(',')})`,
          params: page.map((p) => p.id),
        })
      : [];
    const order = new Map(page.map((p, i) => [p.id, i]));
    sales.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    return { query, rows: sales.map(saleView), total: Number(count) };
  }

  async get(scope: TenantScope, id: string) {
    const access = storeAccessSql(scope, 'read', 'Sale');
    const [sale] = await loadSales(scope.em, scope.tenant.schemaName, {
      sql: `id = ?${access ? ` and ${access.sql}` : ''}`,
      params: [id, ...(access?.params ?? [])],
    });
    if (!sale) throw Problem.notFound('Sale');
    return saleView(sale);
  }

  private async byIdempotencyKey(scope: TenantScope, key: string, requestHash: string): Promise<SaleOutcome | undefined> {
    const [sale] = await loadSales(scope.em.fork(), scope.tenant.schemaName, { sql: 'idempotency_key = ?', params: [key] });
    if (!sale) return undefined;
    if (sale.requestHash !== requestHash) {
      throw Problem.unprocessable(
        'This Idempotency-Key was already used for a different sale. Use a new key for a new sale.',
        'idempotency-key-reused',
      );
    }
    return { sale: saleView(sale), replayed: true };
  }

  private async products(scope: TenantScope, input: SaleInput): Promise<Map<string, ProductRow>> {
    const ids = [...new Set(input.lines.map((l) => l.productId))];
    const rows = await scope.em.execute<ProductRow[]>(
      `select id, name, pack_size, base_unit, schedule, tax_class, hsn_code, kra_item_class, status from ${ident(scope.tenant.schemaName)}.product where id in (${ids.map(() => '?').join(',')})`,
      ids,
    );
    const byId = new Map(rows.map((r) => [r.id, r]));
    const errors = input.lines.flatMap((line, i) => {
      const product = byId.get(line.productId);
      if (!product) return [{ field: `lines.${i}.productId`, message: 'no such product' }];
      if (product.status !== 'active') return [{ field: `lines.${i}.productId`, message: `${product.name} is no longer sold (inactive)` }];
      return [];
    });
    if (errors.length) throw Problem.validation(errors);
    return byId;
  }

  /**
   * Prescription-only medicines are sold only against a prescription and by a pharmacist. The prescription itself is
   * checked and one dispensing taken inside the sale's transaction (`PrescriptionsService.dispense`); this returns the
   * lines it must cover.
   */
  private assertPrescriptions(scope: TenantScope, input: SaleInput, products: Map<string, ProductRow>) {
    const rules = catalogRules(scope.tenant.country);
    const rxLines = input.lines.filter((l) => rules.prescriptionSchedules.includes(products.get(l.productId)!.schedule));
    if (!rxLines.length) return [];
    const rxOnly = [...new Set(rxLines.map((l) => products.get(l.productId)!))];
    const names = rxOnly.map((p) => `${p.name} (Schedule ${p.schedule})`).join(', ');
    const productIds = rxOnly.map((p) => p.id);
    if (!input.prescriptionId)
      throw Problem.unprocessable(`${names} can only be sold against a valid prescription.`, 'prescription-required', {
        reason: 'missing',
        productIds,
      });
    if (!scope.actor?.roles.includes('pharmacist'))
      throw Problem.unprocessable(
        `${names} must be dispensed by a pharmacist: a pharmacist has to make this sale.`,
        'pharmacist-required',
        {
          productIds,
        },
      );
    return rxLines.map((l) => ({ productId: l.productId, quantity: l.quantity }));
  }

  private async allocate(
    scope: TenantScope,
    em: TenantScope['em'],
    schema: string,
    input: SaleInput,
    line: SaleLineRecord,
  ): Promise<BatchPick[]> {
    try {
      return await allocateFefo(em, schema, {
        storeId: input.storeId,
        productId: line.productId,
        quantity: line.quantity,
        today: today(scope),
        doNotSellWithinDays: doNotSellWithinDays(scope),
        allowNearExpiry: input.allowNearExpiry,
      });
    } catch (error) {
      if (error instanceof Problem && error.status === 409) throw new OutOfStock(line, error);
      throw error;
    }
  }

  /**
   * Names the product and what is on hand, and offers in-stock substitutes. Runs after the sale's transaction has
   * rolled back: looking substitutes up while still holding a connection and batch locks could starve the pool.
   */
  private async outOfStockProblem(scope: TenantScope, storeId: string, shortage: OutOfStock): Promise<Problem> {
    const substitutes = (await this.catalog.substitutes(scope, shortage.line.productId, storeId)).filter((p) => (p.inStock ?? 0) > 0);
    const cause = shortage.shortage.details;
    return Problem.conflict(`Not enough ${shortage.line.productName}: ${cause.detail}`, 'insufficient-stock', {
      productId: shortage.line.productId,
      productName: shortage.line.productName,
      requested: shortage.line.quantity,
      available: cause.available,
      nearExpiryAvailable: cause.nearExpiryAvailable,
      substitutes: substitutes.map((p) => ({ id: p.id, name: p.name, inStock: p.inStock, mrp: p.mrp, packSize: p.packSize })),
    });
  }

  private async quote(tax: TaxProvider, date: string, region: string, input: SaleInput, lines: SaleLineRecord[]): Promise<TaxQuote> {
    try {
      return await tax.quote({
        date,
        seller: { region },
        placeOfSupply: input.placeOfSupply,
        buyer: input.customer?.taxId
          ? { name: input.customer.name, address: input.customer.address, taxId: input.customer.taxId, region: input.customer.region }
          : undefined,
        lines: lines.map((l) => ({
          id: l.id,
          description: l.productName,
          itemCode: l.productId,
          commodityCode: l.commodityCode,
          taxClass: l.taxClass,
          quantity: l.quantity,
          unit: l.unit,
          amount: l.amount,
          discount: l.discount,
        })),
      });
    } catch (error) {
      throw taxProblem(error, 'The sale');
    }
  }
}
