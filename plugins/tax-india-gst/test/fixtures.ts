import { createExtension, type TaxLineInput, type TaxProvider, type TaxQuoteRequest } from '@dawa/plugin-sdk';
import { testTenant } from '@dawa/plugin-sdk/testing';
import gst from '../src/index.js';

/** Sanjeevani's registrations in Maharashtra, Karnataka and Chandigarh (valid check characters, made-up PAN). */
export const GSTIN_MH = '27AAICS1234F1ZK';
export const GSTIN_KA = '29AAICS1234F1ZG';
export const GSTIN_CH = '04AAICS1234F1ZS';
/** A registered buyer: a clinic in Karnataka. */
export const BUYER_GSTIN_KA = '29AABCT1332L1ZA';

export const tenant = testTenant('IN', { slug: 'sanjeevani' });
export const config = { gstins: [GSTIN_MH, GSTIN_KA, GSTIN_CH] };

export function gstProvider(overrides: Record<string, unknown> = {}): TaxProvider {
  return createExtension(gst, 'tax', { tenant, config: { ...config, ...overrides } });
}

/** A line of a medicine under HSN 3004 priced by the HSN schedule unless told otherwise. */
export function line(id: string, amount: number, overrides: Partial<TaxLineInput> = {}): TaxLineInput {
  return { id, description: `Item ${id}`, commodityCode: '3004', taxClass: 'GST_HSN', quantity: 1, unit: 'tablet', amount, ...overrides };
}

export function counterSale(lines: TaxLineInput[], overrides: Partial<TaxQuoteRequest> = {}): TaxQuoteRequest {
  return { date: '2025-11-03', seller: { region: 'MH' }, lines, ...overrides };
}
