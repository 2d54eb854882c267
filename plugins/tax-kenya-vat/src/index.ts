import { definePlugin, PLUGIN_API_VERSION } from '@dawa/plugin-sdk';
import { vatConfigSchema } from './config.js';
import { vatTaxProvider } from './vat-provider.js';

export default definePlugin({
  name: 'tax-kenya-vat',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  countries: ['KE'],
  description: 'Kenyan VAT on tax-inclusive prices: eTIMS tax types A-E, eTIMS-ready sale amounts, VAT summary',
  configSchema: vatConfigSchema,
  provides: { tax: vatTaxProvider },
});

export type { VatConfig } from './config.js';
export type { EtimsItem, EtimsSaleFields, EtimsTaxTotals } from './etims-fields.js';
export type { EtimsTaxType } from './vat-classes.js';
export type { VatInvoiceFields } from './vat-invoice.js';
export type { VatSummary } from './vat-summary.js';
