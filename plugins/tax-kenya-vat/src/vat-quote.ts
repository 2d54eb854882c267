import {
  assembleTaxQuote,
  BASIS_POINTS_PER_UNIT,
  mulDivHalfUp,
  PluginInputError,
  taxQuoteRequestIssues,
  type TaxedLine,
  type TaxLineInput,
  type TaxQuote,
  type TaxQuoteRequest,
} from '@dawa/plugin-sdk';
import type { VatConfig } from './config.js';
import { VAT_CLASSES, type VatClass } from './vat-classes.js';

/**
 * Shelf prices include VAT: tax = amount × r / (100 + r), rounded half up to the cent per line, and the taxable
 * value is the rest, so the two add up to the price exactly.
 */
function taxLine(line: TaxLineInput, vatClass: VatClass): TaxedLine {
  const tax = mulDivHalfUp(line.amount, vatClass.rate, BASIS_POINTS_PER_UNIT + vatClass.rate);
  return {
    ...line,
    discount: line.discount ?? 0,
    rate: vatClass.rate,
    treatment: vatClass.treatment,
    category: vatClass.taxType,
    taxable: line.amount - tax,
    tax,
    total: line.amount,
    components: vatClass.rate === 0 ? [] : [{ code: 'VAT', rate: vatClass.rate, amount: tax }],
  };
}

/** Prices a sale under Kenyan VAT. Totals are not rounded: eTIMS wants the invoice total to be the sum of its items. */
export function quoteVat(request: TaxQuoteRequest, config: VatConfig, currency: string): TaxQuote {
  const issues = taxQuoteRequestIssues(request, VAT_CLASSES);
  if (issues.length) throw new PluginInputError(issues);
  return assembleTaxQuote({
    currency,
    date: request.date,
    seller: { region: request.seller.region, ...(config.kraPin && { taxId: config.kraPin }) },
    placeOfSupply: request.placeOfSupply ?? request.seller.region,
    ...(request.buyer && { buyer: request.buyer }),
    lines: request.lines.map((line) =>
      taxLine(
        line,
        VAT_CLASSES.find((c) => c.code === line.taxClass)!,
      ),
    ),
    roundingUnit: 1,
  });
}
