import { z } from 'zod';
import { zodIssues } from '../config-schema.js';
import type { FieldIssue } from '../errors.js';
import type { TaxClassInfo } from './tax-provider.js';

/** A real calendar date written YYYY-MM-DD (2025-02-30 is not one). */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

const minorUnits = z.number().int('must be whole minor units').min(0, 'must not be negative').max(Number.MAX_SAFE_INTEGER, 'is too large');

const taxQuoteRequest = z.object({
  date: z.string().refine(isIsoDate, 'must be a date written YYYY-MM-DD'),
  seller: z.object({ region: z.string().min(1, 'is required') }),
  placeOfSupply: z.string().min(1, 'must not be empty').optional(),
  buyer: z.object({ name: z.string(), address: z.string(), taxId: z.string(), region: z.string() }).partial().optional(),
  lines: z.array(
    z.object({
      id: z.string().min(1, 'is required'),
      description: z.string(),
      itemCode: z.string().optional(),
      commodityCode: z.string().nullable().optional(),
      taxClass: z.string(),
      quantity: z.number().int('must be a whole number of base units').positive('must be positive'),
      unit: z.string(),
      amount: minorUnits,
      discount: minorUnits.optional(),
    }),
  ),
});

/**
 * What is wrong with a quote request before any country rule looks at it: shape, whole non-negative minor units,
 * positive integer quantities, unique line ids and tax classes the plugin knows. Plugins add their own issues
 * (unknown state, missing HSN code) and throw them together, so the caller sees every problem at once.
 */
export function taxQuoteRequestIssues(request: unknown, taxClasses: readonly TaxClassInfo[]): FieldIssue[] {
  const parsed = taxQuoteRequest.safeParse(request);
  if (!parsed.success) return zodIssues(parsed.error, '(request)');
  const known = new Set(taxClasses.map((c) => c.code));
  const seen = new Set<string>();
  const issues: FieldIssue[] = [];
  parsed.data.lines.forEach((line, index) => {
    if (seen.has(line.id)) issues.push({ field: `lines.${index}.id`, message: `repeats line id ${line.id}` });
    seen.add(line.id);
    if (!known.has(line.taxClass)) {
      issues.push({ field: `lines.${index}.taxClass`, message: `must be one of ${[...known].join(', ')}` });
    }
  });
  return issues;
}
