import type { FieldIssue } from '@dawa/plugin-sdk';
import { BY_HSN, GST_START, HSN_SCHEDULE, TAX_CLASS_RULES, type Dated, type GstRate, type HsnScheduleEntry } from './rate-schedule.js';

/** The entry in force on `date`: the last one starting on or before it. */
function inForce<T>(entries: readonly Dated<T>[], date: string): T | undefined {
  return entries.findLast((entry) => entry.from <= date)?.value;
}

/** The schedule heading for an HSN code: the longest listed prefix of it. */
export function hsnHeading(hsn: string): HsnScheduleEntry | undefined {
  return HSN_SCHEDULE.filter((entry) => hsn.startsWith(entry.hsnPrefix)).sort((a, b) => b.hsnPrefix.length - a.hsnPrefix.length)[0];
}

export interface RateQuestion {
  taxClass: string;
  hsn: string | null | undefined;
  /** YYYY-MM-DD, the date of supply. */
  date: string;
}

/**
 * The GST rate of a line: the tax class's own rate when it has one on that date, otherwise the rate of the product's
 * HSN heading on that date. Field issues (relative to the line) say what to fix when there is no answer.
 */
export function resolveGstRate({ taxClass, hsn, date }: RateQuestion): GstRate | FieldIssue {
  if (date < GST_START) return { field: 'date', message: `is before GST began on ${GST_START}` };
  const rule = TAX_CLASS_RULES.find((r) => r.code === taxClass);
  if (!rule) return { field: 'taxClass', message: `must be one of ${TAX_CLASS_RULES.map((r) => r.code).join(', ')}` };
  const classRate = inForce(rule.rates, date);
  if (classRate && classRate !== BY_HSN) return classRate;
  if (!hsn) return { field: 'commodityCode', message: `an HSN code is needed for tax class ${taxClass}` };
  const heading = hsnHeading(hsn);
  const hsnRate = heading && inForce(heading.rates, date);
  if (!hsnRate) {
    return {
      field: 'commodityCode',
      message: `no GST rate is known for HSN ${hsn}; give the product a fixed-rate tax class (GST_5, GST_12, GST_18, GST_0)`,
    };
  }
  return hsnRate;
}
