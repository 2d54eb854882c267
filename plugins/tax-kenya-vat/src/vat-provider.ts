import { PluginError, type PluginContext, type TaxProvider } from '@dawa/plugin-sdk';
import type { VatConfig } from './config.js';
import { vatInvoiceLayout } from './invoice-layout.js';
import { VAT_CLASSES } from './vat-classes.js';
import { vatInvoiceFields } from './vat-invoice.js';
import { quoteVat } from './vat-quote.js';
import { vatSummaryReport } from './vat-summary.js';

/** The `tax` extension point for one Kenyan tenant. */
export function vatTaxProvider(context: PluginContext<VatConfig>): TaxProvider {
  const { tenant, config } = context;
  // Amounts are cents of a shilling; a tenant priced in anything else would be taxed nonsensically.
  if (tenant.currency !== 'KES')
    throw new PluginError('currency_not_supported', `Kenyan VAT amounts are in KES; tenant ${tenant.slug} uses ${tenant.currency}`);
  return {
    taxClasses: VAT_CLASSES.map(({ code, label }) => ({ code, label })),
    roundingUnit: 1,
    quote: async (request) => quoteVat(request, config, tenant.currency),
    invoice: async (request) => {
      const fields = vatInvoiceFields(request);
      return { layout: vatInvoiceLayout(fields, request.quote), fields };
    },
    report: async (request) => vatSummaryReport(request, config),
  };
}
