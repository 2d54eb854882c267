import { createExtension, type TaxLineInput, type TaxProvider, type TaxQuoteRequest } from '@dawa/plugin-sdk';
import { testTenant } from '@dawa/plugin-sdk/testing';
import vat from '../src/index.js';

export const KRA_PIN = 'P051234567X';
export const BUYER_PIN = 'P000111222Y';

export const tenant = testTenant('KE', { slug: 'afya' });
export const config = { kraPin: KRA_PIN };

export function vatProvider(overrides: Record<string, unknown> = {}): TaxProvider {
  return createExtension(vat, 'tax', { tenant, config: { ...config, ...overrides } });
}

export function line(id: string, amount: number, taxClass: string, overrides: Partial<TaxLineInput> = {}): TaxLineInput {
  return { id, description: `Item ${id}`, commodityCode: '0039.11.00', taxClass, quantity: 1, unit: 'tablet', amount, ...overrides };
}

export function counterSale(lines: TaxLineInput[], overrides: Partial<TaxQuoteRequest> = {}): TaxQuoteRequest {
  return { date: '2026-03-14', seller: { region: 'Nairobi' }, lines, ...overrides };
}
