import {
  assembleTaxQuote,
  BASIS_POINTS_PER_UNIT,
  mulDivHalfUp,
  PluginInputError,
  taxQuoteRequestIssues,
  type FieldIssue,
  type MinorUnits,
  type TaxComponent,
  type TaxedLine,
  type TaxLineInput,
  type TaxQuote,
  type TaxQuoteRequest,
} from '@dawa/plugin-sdk';
import { gstinForStateCode, type GstConfig } from './config.js';
import { isValidGstin } from './gstin.js';
import { resolveGstRate } from './rate-resolution.js';
import { TAX_CLASS_RULES, type GstRate } from './rate-schedule.js';
import { gstStateForRegion, type GstState } from './states.js';

/** Invoice totals are paid in whole rupees: 100 paise. */
export const RUPEE: MinorUnits = 100;

/**
 * Splits intra-state tax into its central and state halves so that they add up to the tax exactly; an odd paisa
 * goes to CGST. Union territories without a legislature levy UTGST instead of SGST.
 */
function intraStateComponents(tax: MinorUnits, rate: number, state: GstState): TaxComponent[] {
  const stateShare = Math.floor(tax / 2);
  return [
    { code: 'CGST', rate: rate / 2, amount: tax - stateShare },
    { code: state.levyUtgst ? 'UTGST' : 'SGST', rate: rate / 2, amount: stateShare },
  ];
}

/**
 * MRP includes GST: taxable = amount × 100 / (100 + rate), rounded half up to the paisa, and the tax is the rest —
 * so taxable + tax is always exactly what the customer paid.
 */
function taxLine(line: TaxLineInput, { rate, treatment }: GstRate, placeOfSupply: GstState, interState: boolean): TaxedLine {
  const taxable = mulDivHalfUp(line.amount, BASIS_POINTS_PER_UNIT, BASIS_POINTS_PER_UNIT + rate);
  const tax = line.amount - taxable;
  const components = rate === 0 ? [] : interState ? [{ code: 'IGST', rate, amount: tax }] : intraStateComponents(tax, rate, placeOfSupply);
  return { ...line, discount: line.discount ?? 0, rate, treatment, taxable, tax, total: line.amount, components };
}

function stateIssue(field: string, region: string): FieldIssue {
  return { field, message: `"${region}" is not an Indian state or union territory code (MH, KA, DL...)` };
}

/**
 * Prices a sale under GST: each line's rate from its tax class, HSN code and the date of supply; CGST + SGST when
 * the store's state is the place of supply, IGST otherwise; the total rounded to the rupee with a round-off.
 */
export function quoteGst(request: TaxQuoteRequest, config: GstConfig, currency: string): TaxQuote {
  const shapeIssues = taxQuoteRequestIssues(request, TAX_CLASS_RULES);
  if (shapeIssues.length) throw new PluginInputError(shapeIssues);

  const issues: FieldIssue[] = [];
  const seller = gstStateForRegion(request.seller.region);
  if (!seller) issues.push(stateIssue('seller.region', request.seller.region));
  const placeOfSupplyRegion = request.placeOfSupply ?? request.seller.region;
  const placeOfSupply = gstStateForRegion(placeOfSupplyRegion);
  if (!placeOfSupply) issues.push(stateIssue('placeOfSupply', placeOfSupplyRegion));
  const buyerGstin = request.buyer?.taxId;
  if (buyerGstin !== undefined && !isValidGstin(buyerGstin)) issues.push({ field: 'buyer.taxId', message: 'must be a valid GSTIN' });
  const rates = request.lines.map((line, index) => {
    const resolved = resolveGstRate({ taxClass: line.taxClass, hsn: line.commodityCode, date: request.date });
    if ('field' in resolved) {
      issues.push(resolved.field === 'date' ? resolved : { ...resolved, field: `lines.${index}.${resolved.field}` });
    }
    return resolved;
  });
  if (issues.length || !seller || !placeOfSupply) throw new PluginInputError(dedupe(issues));

  const interState = seller.code !== placeOfSupply.code;
  const sellerGstin = gstinForStateCode(config, seller.code);
  return assembleTaxQuote({
    currency,
    date: request.date,
    seller: { region: seller.region, ...(sellerGstin && { taxId: sellerGstin }) },
    placeOfSupply: placeOfSupply.region,
    ...(request.buyer && { buyer: request.buyer }),
    lines: request.lines.map((line, index) => taxLine(line, rates[index] as GstRate, placeOfSupply, interState)),
    roundingUnit: RUPEE,
  });
}

/** A date before GST is one problem, however many lines it affects. */
function dedupe(issues: FieldIssue[]): FieldIssue[] {
  return issues.filter(
    (issue, index) => issues.findIndex((other) => other.field === issue.field && other.message === issue.message) === index,
  );
}
