import type { ProductInput } from '@dawa/platform';
import type { Random } from './random.js';

export type QueryKind = 'exact' | 'prefix' | 'generic' | 'typo' | 'barcode' | 'manufacturer';

export interface BenchQuery {
  kind: QueryKind;
  q: string;
}

export interface TypoQuery {
  q: string;
  /** The word meant; a result matches when its name or generic name contains it. */
  word: string;
  /** A brand (first word of a name) or a molecule (first word of an ingredient). */
  target: 'brand' | 'ingredient';
  typos: 1 | 2;
}

/** What a pharmacy counter types, in rough proportion: names and scans most, then generics, prefixes, typos. */
const MIX: Array<[QueryKind, number]> = [
  ['exact', 0.2],
  ['prefix', 0.2],
  ['generic', 0.2],
  ['typo', 0.2],
  ['barcode', 0.15],
  ['manufacturer', 0.05],
];

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** One human typo: a letter dropped, doubled or stray, wrong, or two letters swapped. */
function typo(word: string, random: Random): string {
  const i = random.int(0, word.length - 1);
  switch (random.int(0, 3)) {
    case 0:
      return word.slice(0, i) + word.slice(i + 1);
    case 1:
      return word.slice(0, i) + random.pick([...LETTERS]) + word.slice(i);
    case 2:
      return word.slice(0, i) + random.pick([...LETTERS.replace(word[i], '')]) + word.slice(i + 1);
    default:
      return i < word.length - 1 ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2) : word.slice(0, i);
  }
}

export function misspell(word: string, typos: number, random: Random): string {
  for (;;) {
    let result = word;
    for (let n = 0; n < typos; n++) result = typo(result, random);
    if (result !== word && result.length >= 3) return result;
  }
}

/** A word worth misspelling: the brand (first word of the name) or the first ingredient, 5 letters or more. */
function typoTarget(product: ProductInput, random: Random): Pick<TypoQuery, 'word' | 'target'> | undefined {
  const candidates = [
    { word: product.name.split(' ')[0].toLowerCase(), target: 'brand' as const },
    { word: product.ingredients[0]?.name.split(' ')[0].toLowerCase() ?? '', target: 'ingredient' as const },
  ].filter((c) => /^[a-z]{5,}$/.test(c.word));
  return candidates.length ? random.pick(candidates) : undefined;
}

/** Misspelt brands and molecules, alternately one and two typos. */
export function typoSet(products: ProductInput[], random: Random, count: number): TypoQuery[] {
  const set: TypoQuery[] = [];
  while (set.length < count) {
    const target = typoTarget(random.pick(products), random);
    if (!target) continue;
    const typos = set.length % 2 === 0 ? 1 : 2;
    set.push({ ...target, q: misspell(target.word, typos, random), typos });
  }
  return set;
}

function queryOf(kind: QueryKind, product: ProductInput, random: Random): string | undefined {
  switch (kind) {
    case 'exact':
      return product.name;
    case 'prefix':
      return product.name.slice(0, random.int(3, 8)).trim();
    case 'generic': {
      const ingredient = product.ingredients[0];
      if (!ingredient) return undefined;
      const number = /^\d+/.exec(ingredient.strength)?.[0];
      return random.chance(0.3) && number ? `${ingredient.name} ${number}` : ingredient.name;
    }
    case 'typo': {
      const target = typoTarget(product, random);
      return target && misspell(target.word, random.int(1, 2), random);
    }
    case 'barcode':
      return product.barcodes[0];
    case 'manufacturer':
      return product.manufacturer.split(' ')[0] || undefined;
  }
}

export function queryMix(products: ProductInput[], random: Random, count: number): BenchQuery[] {
  const queries: BenchQuery[] = [];
  while (queries.length < count) {
    let roll = random.next();
    const kind = MIX.find(([, share]) => (roll -= share) < 0)?.[0] ?? 'exact';
    const q = queryOf(kind, random.pick(products), random);
    if (q) queries.push({ kind, q: q.slice(0, 100) });
  }
  return queries;
}
