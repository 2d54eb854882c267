import type { ProductInput } from '@dawa/platform';
import { sampleBarcode, sampleProductInput, type SampleRow } from '@dawa/platform/testing';
import type { Random } from './random.js';

const MODIFIERS = [' Plus', ' Forte', ' DS', ' SR', ' Kid', ' D', ' CV', ' XL', ' MD', ' LS'];

/** "Amoxycillin 500mg + Clavulanic Acid 125mg" → "500mg/125mg", as Indian brand names print strengths. */
function strengthLabel(input: ProductInput): string {
  return input.ingredients
    .map((i) => i.strength)
    .filter(Boolean)
    .join('/');
}

/** The words after the strength in a sample name ("Tablet DT", "Oral Suspension"), else all but the brand. */
function formLabel(name: string): string {
  const words = name.split(' ');
  const lastNumber = words.findLastIndex((w) => /\d/.test(w));
  return (lastNumber >= 0 ? words.slice(lastNumber + 1) : words.slice(1)).slice(-3).join(' ');
}

const ingredientNames = (input: ProductInput) =>
  input.ingredients
    .map((i) => i.name.toLowerCase())
    .sort()
    .join('+');

/**
 * A realistic Indian catalogue of any size from the 2,882-row sample: the sample's own products first, then
 * invented brands. A brand has a new name spliced from two real brand names ("Augm" + "ocid"), one manufacturer,
 * and 1–6 SKUs: real compositions, strengths and forms of one molecule family from the sample (a brand of
 * cefixime comes as 100 mg dispersible tablets, 200 mg tablets and a dry syrup, as real ones do).
 */
export class CatalogueGenerator {
  private readonly templates: ProductInput[];
  private readonly families = new Map<string, ProductInput[]>();
  private readonly brandWords: string[];
  private readonly manufacturers: string[];
  private generated = 0;
  private pending: ProductInput[] = [];

  constructor(
    private readonly sample: SampleRow[],
    private readonly random: Random,
  ) {
    this.templates = sample.map((row, i) => sampleProductInput(row, i)).filter((t) => t.ingredients.length > 0);
    for (const template of this.templates) {
      const key = ingredientNames(template);
      this.families.set(key, [...(this.families.get(key) ?? []), template]);
    }
    this.brandWords = [...new Set(sample.map((r) => r.name.split(' ')[0]).filter((w) => /^[A-Za-z]{4,}$/.test(w)))];
    // Drawn per row, so manufacturers with many products in the sample get many brands here too.
    this.manufacturers = sample.map((r) => r.manufacturer).filter(Boolean);
  }

  /** The next `count` products of the catalogue. */
  next(count: number): ProductInput[] {
    const out: ProductInput[] = [];
    while (out.length < count) {
      const index = this.generated++;
      if (index < this.sample.length) {
        out.push(sampleProductInput(this.sample[index], index));
        continue;
      }
      if (!this.pending.length) this.pending = this.brand();
      out.push({ ...this.pending.shift()!, barcodes: [sampleBarcode(index)] });
    }
    return out;
  }

  private brand(): ProductInput[] {
    const family = this.families.get(ingredientNames(this.random.pick(this.templates)))!;
    const name = `${this.brandName()}${this.random.chance(0.25) ? this.random.pick(MODIFIERS) : ''}`;
    const manufacturer = this.random.pick(this.manufacturers);
    const skus = new Map<string, ProductInput>();
    for (let i = this.random.int(1, 6); i > 0; i--) {
      const sku = this.random.pick(family);
      const skuName = `${name} ${strengthLabel(sku)} ${formLabel(sku.name)}`.replace(/\s+/g, ' ').trim();
      skus.set(skuName, { ...sku, name: skuName, manufacturer, mrp: this.random.int(500, 60_000) });
    }
    return [...skus.values()];
  }

  /** Head of one real brand and tail of another: "Augmentin" + "Pantocid" → "Augmtocid". */
  private brandName(): string {
    const head = this.random.pick(this.brandWords);
    const tail = this.random.pick(this.brandWords);
    const word = head.slice(0, this.random.int(2, head.length - 1)) + tail.slice(this.random.int(1, tail.length - 2));
    return word.charAt(0).toUpperCase() + word.slice(1).toLowerCase();
  }
}
