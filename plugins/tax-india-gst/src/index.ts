import { definePlugin, PLUGIN_API_VERSION } from '@dawa/plugin-sdk';
import { gstConfigSchema } from './config.js';
import { gstTaxProvider } from './gst-provider.js';

export default definePlugin({
  name: 'tax-india-gst',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  countries: ['IN'],
  description: 'GST on tax-inclusive MRP: CGST/SGST or IGST, dated HSN rates, Rule 46 invoices, GSTR-1',
  configSchema: gstConfigSchema,
  provides: { tax: gstTaxProvider },
});

export type { GstConfig } from './config.js';
export type { Gstr1 } from './gstr1-types.js';
export type { GstDocumentTitle, GstInvoiceFields, GstInvoiceLine } from './rule46-invoice.js';
export type { GstState } from './states.js';
