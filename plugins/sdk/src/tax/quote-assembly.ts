import { roundToMultiple, sumMinorUnits, type MinorUnits } from '../money.js';
import type { TaxComponent, TaxedLine, TaxQuote, TaxRateGroup } from './tax-provider.js';

/** Adds components of the same tax (code and rate) together, keeping first-seen order. */
function mergeComponents(components: Iterable<TaxComponent>): TaxComponent[] {
  const merged = new Map<string, TaxComponent>();
  for (const component of components) {
    const key = `${component.code}@${component.rate}`;
    const existing = merged.get(key);
    merged.set(key, existing ? { ...existing, amount: existing.amount + component.amount } : { ...component });
  }
  return [...merged.values()];
}

function groupByRate(lines: readonly TaxedLine[]): TaxRateGroup[] {
  const groups = new Map<string, TaxedLine[]>();
  for (const line of lines) {
    const key = `${line.treatment}@${line.rate}`;
    groups.set(key, [...(groups.get(key) ?? []), line]);
  }
  return [...groups.values()]
    .map((group) => ({
      rate: group[0].rate,
      treatment: group[0].treatment,
      taxable: sumMinorUnits(group.map((l) => l.taxable)),
      tax: sumMinorUnits(group.map((l) => l.tax)),
      components: mergeComponents(group.flatMap((l) => l.components)),
    }))
    .sort((a, b) => a.rate - b.rate || a.treatment.localeCompare(b.treatment));
}

export type TaxQuoteParts = Omit<TaxQuote, 'byRate' | 'totals'> & { roundingUnit: MinorUnits };

/**
 * Completes a quote from its taxed lines: the per-rate groups and the totals, with the payable rounded to the
 * plugin's rounding unit. Every tax plugin ends here, so the totals invariants hold by construction.
 */
export function assembleTaxQuote({ roundingUnit, ...parts }: TaxQuoteParts): TaxQuote {
  const gross = sumMinorUnits(parts.lines.map((l) => l.total));
  const payable = roundToMultiple(gross, roundingUnit);
  return {
    ...parts,
    byRate: groupByRate(parts.lines),
    totals: {
      taxable: sumMinorUnits(parts.lines.map((l) => l.taxable)),
      tax: sumMinorUnits(parts.lines.map((l) => l.tax)),
      gross,
      roundOff: payable - gross,
      payable,
    },
  };
}
