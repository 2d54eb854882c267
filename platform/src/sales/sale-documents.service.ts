import { Injectable } from '@nestjs/common';
import { PluginInputError, type TaxInvoiceRequest, type TaxQuote } from '@dawa/plugin-sdk';
import { Problem } from '../common/problem.js';
import { scopeWhere, type TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { PluginHostService } from '../plugins/plugin-host.service.js';
import type { ReturnRecord } from '../returns/return-record.js';
import { renderInvoicePdf, type InvoicePrint } from './invoice-pdf.js';
import { loadSales, type SaleRecord } from './sale-record.js';
import type { SaleCustomer } from './sales.schemas.js';

/** The stores whose sales the actor may read: undefined means every store (tenant-wide roles, the system). */
export function readableSaleStores(scope: TenantScope): string[] | undefined {
  const where = scopeWhere(scope, 'read', 'Sale');
  return Object.keys(where).length ? (scope.actor?.storeIds ?? []) : undefined;
}

/**
 * Printable documents of a sale. The invoice is built by the tenant's tax plugin from the quote stored with the sale
 * (never re-quoted: a rate change after the sale must not change its invoice) and laid out as an A4 PDF.
 */
@Injectable()
export class SaleDocumentsService {
  constructor(private readonly plugins: PluginHostService) {}

  async invoicePdf(scope: TenantScope, id: string): Promise<{ fileName: string; pdf: Buffer }> {
    const sale = await this.readableSale(scope, id);
    if (!sale.invoiceNo) {
      throw Problem.conflict(`This sale is ${sale.status.replace('_', ' ')}: it has no invoice until it is paid.`, 'sale-not-invoiced');
    }
    const pdf = await this.print(scope, {
      what: 'invoice',
      storeId: sale.storeId,
      document: { kind: 'invoice', number: sale.invoiceNo, date: sale.businessDate },
      quote: sale.taxQuote,
      print: {
        currency: sale.currency,
        customer: sale.customer,
        payable: sale.totals.total,
        payments: sale.payments,
        change: sale.totals.change,
        issuedAt: sale.soldAt,
      },
    });
    return { fileName: `invoice-${fileSafe(sale.invoiceNo)}.pdf`, pdf };
  }

  /**
   * A credit note printed the way its invoice was, from the quote stored with the return (the original sale's date
   * and rates), naming the invoice it corrects and why; its tender is the refund, back through the sale's payments.
   * The caller has already checked that the actor may read the return.
   */
  async creditNotePdf(scope: TenantScope, note: ReturnRecord): Promise<{ fileName: string; pdf: Buffer }> {
    // Only the customer is needed from the sale: one column, not the sale with its lines and payments.
    const [sale] = await scope.em.execute<{ customer: SaleCustomer | null }[]>(
      `select customer from ${ident(scope.tenant.schemaName)}.sale where id = ?`,
      [note.saleId],
    );
    const pdf = await this.print(scope, {
      what: 'credit note',
      storeId: note.storeId,
      document: {
        kind: 'credit_note',
        number: note.creditNoteNo,
        date: note.businessDate,
        original: { number: note.original.invoiceNo, date: note.original.businessDate },
        reason: note.reason,
      },
      quote: note.taxQuote,
      print: {
        currency: note.currency,
        customer: sale.customer,
        payable: note.totals.total,
        payments: note.refunds,
        issuedAt: note.returnedAt,
        wording: { tender: 'Refunded to', payable: 'Amount refunded' },
      },
    });
    return { fileName: `credit-note-${fileSafe(note.creditNoteNo)}.pdf`, pdf };
  }

  /** The tax plugin lays the document out from its stored quote; the store's letterhead and the tender go around it. */
  private async print(
    scope: TenantScope,
    input: {
      what: string;
      storeId: string;
      document: TaxInvoiceRequest['document'];
      quote: TaxQuote;
      print: Omit<InvoicePrint, 'layout' | 'supplier' | 'byRate'>;
    },
  ): Promise<Buffer> {
    const [store] = await scope.em.execute<{ name: string; address: string }[]>(
      `select name, address from ${ident(scope.tenant.schemaName)}.store where id = ?`,
      [input.storeId],
    );
    const supplier = { name: scope.tenant.name, address: store?.address ?? '' };
    const tax = await this.plugins.provider(scope, 'tax');
    let invoice;
    try {
      invoice = await tax.invoice({ document: input.document, supplier, quote: input.quote });
    } catch (error) {
      if (error instanceof PluginInputError) {
        throw Problem.unprocessable(`The ${input.what} cannot be printed: ${error.message}`, 'tax-error', {
          errors: error.issues.map((i) => ({ field: i.field, message: i.message })),
        });
      }
      throw error;
    }
    return renderInvoicePdf({
      ...input.print,
      layout: invoice.layout,
      supplier: { ...supplier, storeName: store?.name ?? '' },
      byRate: input.quote.byRate,
    });
  }

  /** The sale with its stored quote; another store's sale answers 404 like one that does not exist. */
  private async readableSale(scope: TenantScope, id: string): Promise<SaleRecord> {
    const stores = readableSaleStores(scope);
    const params: unknown[] = [id];
    let sql = 'id = ?';
    if (stores) {
      sql += stores.length ? ` and store_id in (${stores.map(() => '?').join(',')})` : ' and false';
      params.push(...stores);
    }
    const [sale] = await loadSales(scope.em, scope.tenant.schemaName, { sql, params });
    if (!sale) throw Problem.notFound('Sale');
    return sale;
  }
}

const fileSafe = (documentNo: string) => documentNo.replace(/[^A-Za-z0-9-]/g, '-');
