import { PluginError, type PluginContext, type TaxProvider } from '@dawa/plugin-sdk';
import type { GstConfig } from './config.js';
import { quoteGst, RUPEE } from './gst-quote.js';
import { gstr1Report } from './gstr1-export.js';
import { gstInvoiceLayout } from './invoice-layout.js';
import { TAX_CLASS_RULES } from './rate-schedule.js';
import { rule46Fields } from './rule46-invoice.js';

/** The `tax` extension point for one Indian tenant. */
export function gstTaxProvider(context: PluginContext<GstConfig>): TaxProvider {
  const { tenant, config } = context;
  // Amounts are paise; a tenant priced in anything else would be taxed nonsensically.
  if (tenant.currency !== 'INR')
    throw new PluginError('currency_not_supported', `GST amounts are in INR; tenant ${tenant.slug} uses ${tenant.currency}`);
  return {
    taxClasses: TAX_CLASS_RULES.map(({ code, label }) => ({ code, label })),
    roundingUnit: RUPEE,
    quote: async (request) => quoteGst(request, config, tenant.currency),
    invoice: async (request) => {
      const fields = rule46Fields(request);
      return { layout: gstInvoiceLayout(fields), fields };
    },
    report: async (request) => gstr1Report(request, config),
  };
}
