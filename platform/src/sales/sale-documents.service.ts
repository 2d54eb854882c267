import { Injectable } from '@nestjs/common';
import { PluginInputError } from '@dawa/plugin-sdk';
import { Problem } from '../common/problem.js';
import { scopeWhere, type TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { PluginHostService } from '../plugins/plugin-host.service.js';
import { renderInvoicePdf } from './invoice-pdf.js';
import { loadSales, type SaleRecord } from './sale-record.js';

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
    const invoiceNo = sale.invoiceNo;
    const [store] = await scope.em.execute<{ name: string; address: string }[]>(
      `select name, address from ${ident(scope.tenant.schemaName)}.store where id = ?`,
      [sale.storeId],
    );
    const supplier = { name: scope.tenant.name, address: store?.address ?? '' };
    const tax = await this.plugins.provider(scope, 'tax');
    let invoice;
    try {
      invoice = await tax.invoice({
        document: { kind: 'invoice', number: invoiceNo, date: sale.businessDate },
        supplier,
        quote: sale.taxQuote,
      });
    } catch (error) {
      if (error instanceof PluginInputError) {
        throw Problem.unprocessable(`The invoice cannot be printed: ${error.message}`, 'tax-error', {
          errors: error.issues.map((i) => ({ field: i.field, message: i.message })),
        });
      }
      throw error;
    }
    const pdf = await renderInvoicePdf({
      layout: invoice.layout,
      supplier: { ...supplier, storeName: store?.name ?? '' },
      currency: sale.currency,
      customer: sale.customer,
      byRate: sale.taxQuote.byRate,
      payable: sale.totals.total,
      payments: sale.payments,
      change: sale.totals.change,
      issuedAt: sale.soldAt,
    });
    return { fileName: `invoice-${invoiceNo.replace(/[^A-Za-z0-9-]/g, '-')}.pdf`, pdf };
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
