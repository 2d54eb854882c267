import { canonicalIngredientName } from '../catalog/composition.js';
import type { PrescriptionItem } from './prescriptions.schemas.js';

/** A prescription-only product on a sale, with what the prescription is matched against. */
export interface RxDemand {
  productId: string;
  productName: string;
  genericName: string;
  ingredientNames: string[];
  /** Base units sold in this sale (all lines of the product together). */
  quantity: number;
}

const squash = (value: string) => value.toLowerCase().replace(/\s+/g, ' ').trim();

/**
 * Whether a generic name written on a prescription names this product: the product's generic name
 * ("Amoxycillin 500mg + Clavulanic Acid 125mg"), or exactly its ingredients without strengths ("Amoxycillin +
 * Clavulanic Acid", spelling variants as the catalogue knows them), in any case.
 */
export function genericMatches(written: string, demand: Pick<RxDemand, 'genericName' | 'ingredientNames'>): boolean {
  if (demand.genericName && squash(written) === squash(demand.genericName)) return true;
  if (!demand.ingredientNames.length) return false;
  const wanted = new Set(written.split('+').map((part) => canonicalIngredientName(part)));
  const has = new Set(demand.ingredientNames.map((name) => canonicalIngredientName(name)));
  return wanted.size === has.size && [...wanted].every((name) => has.has(name));
}

/**
 * Matches what a sale dispenses against one dispensing of a prescription: each product takes quantity from items
 * naming it by id first, then from items naming its generic. Returns what is not covered, one message per product.
 */
export function uncoveredDemand(items: PrescriptionItem[], demands: RxDemand[]): string[] {
  const left = items.map((item) => item.quantity);
  const problems: string[] = [];
  for (const demand of demands) {
    let need = demand.quantity;
    const byId = items.flatMap((item, i) => (item.productId === demand.productId ? [i] : []));
    const byGeneric = items.flatMap((item, i) => (item.genericName !== undefined && genericMatches(item.genericName, demand) ? [i] : []));
    const matching = [...byId, ...byGeneric];
    for (const i of matching) {
      const take = Math.min(left[i], need);
      left[i] -= take;
      need -= take;
    }
    if (!matching.length) problems.push(`${demand.productName} is not on the prescription`);
    else if (need > 0)
      problems.push(`${demand.productName}: ${demand.quantity} asked, the prescription allows ${demand.quantity - need} per dispensing`);
  }
  return problems;
}
