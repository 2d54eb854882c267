import type { BasisPoints, SupplyTreatment } from '@dawa/plugin-sdk';

/** GST replaced the earlier indirect taxes on 1 July 2017; there is no GST rate for an earlier date. */
export const GST_START = '2017-07-01';
/** "GST 2.0": the rates recommended by the GST Council's 56th meeting apply to supplies from 22 September 2025. */
export const GST_2_0 = '2025-09-22';

export interface GstRate {
  rate: BasisPoints;
  treatment: SupplyTreatment;
}

/** A rate that applies from a date (inclusive) until the next entry's date. Entries are in date order. */
export interface Dated<T> {
  from: string;
  value: T;
}

const taxable = (percent: number): GstRate => ({ rate: percent * 100, treatment: 'taxable' });
const NIL_RATED: GstRate = { rate: 0, treatment: 'nil_rated' };
const EXEMPT: GstRate = { rate: 0, treatment: 'exempt' };
/** A class period that leaves the rate to the product's HSN code. */
export const BY_HSN = 'hsn';

export interface HsnScheduleEntry {
  /** Matched against the start of the product's HSN code; the longest matching prefix wins. */
  hsnPrefix: string;
  description: string;
  rates: readonly Dated<GstRate>[];
}

/** Most medicines and medical devices: 12 % since GST began, 5 % from GST 2.0. */
const TWELVE_THEN_FIVE: readonly Dated<GstRate>[] = [
  { from: GST_START, value: taxable(12) },
  { from: GST_2_0, value: taxable(5) },
];

/**
 * The HSN headings a pharmacy sells under, with their rates over time. Only headings whose whole range carries one
 * rate are listed; goods whose rate depends on more than the heading (a drug on a notified list, one item of a mixed
 * heading) use a tax class that fixes their rate. A sale under an HSN code not listed here is refused, never guessed.
 * Every CGST/SGST half of these rates is a whole number of basis points.
 */
export const HSN_SCHEDULE: readonly HsnScheduleEntry[] = [
  { hsnPrefix: '3003', description: 'Medicaments, not in measured doses', rates: TWELVE_THEN_FIVE },
  { hsnPrefix: '3004', description: 'Medicaments in measured doses or retail packs', rates: TWELVE_THEN_FIVE },
  { hsnPrefix: '300431', description: 'Medicaments containing insulin', rates: [{ from: GST_START, value: taxable(5) }] },
  { hsnPrefix: '3005', description: 'Wadding, gauze, bandages and dressings', rates: TWELVE_THEN_FIVE },
  { hsnPrefix: '3822', description: 'Diagnostic and laboratory reagents and kits', rates: TWELVE_THEN_FIVE },
  { hsnPrefix: '9018', description: 'Medical, surgical and dental instruments and appliances', rates: TWELVE_THEN_FIVE },
];

export interface TaxClassRule {
  code: string;
  label: string;
  rates: readonly Dated<GstRate | typeof BY_HSN>[];
}

/**
 * The product tax classes, and how each decides a line's rate on a date: either a rate of its own or the HSN
 * schedule. A class's own rate wins over the HSN schedule for the dates it covers (see docs/decisions/0005).
 */
export const TAX_CLASS_RULES: readonly TaxClassRule[] = [
  { code: 'GST_HSN', label: 'Rate of the HSN code on the date of supply', rates: [{ from: GST_START, value: BY_HSN }] },
  {
    code: 'GST_LIFESAVING',
    label: 'Life-saving drug nil-rated from 22 Sep 2025 (HSN rate before)',
    rates: [
      { from: GST_START, value: BY_HSN },
      { from: GST_2_0, value: NIL_RATED },
    ],
  },
  { code: 'GST_0', label: 'Nil-rated', rates: [{ from: GST_START, value: NIL_RATED }] },
  { code: 'GST_EXEMPT', label: 'Exempt', rates: [{ from: GST_START, value: EXEMPT }] },
  { code: 'GST_5', label: 'Always 5 %', rates: [{ from: GST_START, value: taxable(5) }] },
  { code: 'GST_12', label: 'Always 12 %', rates: [{ from: GST_START, value: taxable(12) }] },
  { code: 'GST_18', label: 'Always 18 %', rates: [{ from: GST_START, value: taxable(18) }] },
];
