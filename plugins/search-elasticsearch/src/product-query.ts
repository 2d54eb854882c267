import type { estypes } from '@elastic/elasticsearch';
import { isBarcodeQuery, queryWords } from './query-text.js';

type Query = estypes.QueryDslQueryContainer;

/** The fields a word may be found in, and how much a match there counts: a brand name says more than a manufacturer. */
const FIELDS: ReadonlyArray<readonly [field: string, boost: number]> = [
  ['name', 3],
  ['genericName', 2],
  ['composition', 1.5],
  ['manufacturer', 0.5],
];

/**
 * Why a product is in the results, strongest first, as score floors far above any text relevance: an exact name
 * outranks a name prefix, which outranks every word found as typed (or as a prefix), which outranks typo matches.
 * Within a tier, text relevance orders. Exact names also match as prefixes and as words, so their floors add up.
 */
export const TIER_SCORE = { words: 10_000, prefix: 20_000, exact: 40_000 } as const;

/**
 * Typos are forgiven in words of letters only: 650 mg is not 500 mg. Lucene allows at most two edits; as in the
 * Postgres search, words of 3–4 letters get one and longer words two ("dolo" has too many neighbours for two).
 */
const correctable = (word: string) => word.length >= 3 && !/\p{N}/u.test(word);
const allowedEdits = (word: string) => (word.length >= 5 ? 2 : 1);

/**
 * A corrected word scores by how many edits it took, the same in every field and however rare the word. Relevance
 * would favour a rare brand in the name over a common generic just as far from what was typed ("glimipride": the
 * brand Glipride, 4 products, over glimepiride, 97); which correction is likeliest is the suggester's call.
 */
const CORRECTION_SCORE = { 1: 2, 2: 1 } as const;

function corrections(word: string): Query[] {
  const fields = FIELDS.map(([field]) => field);
  return ([1, 2] as const)
    .filter((edits) => edits <= allowedEdits(word))
    .map((edits) => ({
      constant_score: {
        filter: { multi_match: { query: word, fields, operator: 'and', fuzziness: edits } },
        boost: CORRECTION_SCORE[edits],
      },
    }));
}

/**
 * A word being typed completes to longer words ("amox" is amoxycillin, "azithro" azithromycin). One letter would
 * complete to too much. A number completes only to itself with a unit: "100" is 100mg, never 1000mg or 100.5.
 */
function completion(field: string, word: string, boost: number): Query | undefined {
  if (word.length < 2 || !/^[\p{L}\p{N}]+$/u.test(word)) return undefined;
  if (/\p{N}$/u.test(word)) return { regexp: { [field]: { value: `${word}[^0-9.,].*`, boost } } };
  return { prefix: { [field]: { value: word, boost } } };
}

/** One word of the query in at least one field, scored by the best field: as typed, as a prefix, or with typos. */
function wordMatch(word: string, withTypos: boolean): Query {
  const queries = FIELDS.flatMap(([field, boost]): Query[] => {
    const matches: Query[] = [{ match: { [field]: { query: word, operator: 'and', boost } } }];
    const prefix = completion(field, word, boost / 2);
    if (prefix) matches.push(prefix);
    return matches;
  });
  if (withTypos && correctable(word)) queries.push(...corrections(word));
  return { dis_max: { queries } };
}

const everyWord = (words: string[], withTypos: boolean): Query => ({ bool: { must: words.map((word) => wordMatch(word, withTypos)) } });

/**
 * The one query behind the search box, ranked like the Postgres search: barcode → exact name → name prefix → every
 * word (brand, generic name, composition, manufacturer) → every word allowing typos. Inactive products are filtered
 * out unless asked for.
 */
export function productQuery(text: string, includeInactive: boolean): Query {
  const filter: Query[] = includeInactive ? [] : [{ term: { active: true } }];
  if (isBarcodeQuery(text)) {
    return { constant_score: { filter: { bool: { filter: [...filter, { term: { barcodes: text } }] } }, boost: TIER_SCORE.exact } };
  }
  const name = text.toLowerCase();
  const words = queryWords(text);
  const should: Query[] = [
    { constant_score: { filter: { term: { 'name.key': name } }, boost: TIER_SCORE.exact } },
    { constant_score: { filter: { prefix: { 'name.key': name } }, boost: TIER_SCORE.prefix } },
  ];
  if (words.length) {
    should.push({ constant_score: { filter: everyWord(words, false), boost: TIER_SCORE.words } }, everyWord(words, true));
  }
  return { bool: { filter, should, minimum_should_match: 1 } };
}

/** Equal scores (two products with the same exact name) fall back to name order, then id, so pages are stable. */
export const PRODUCT_SORT: estypes.Sort = [{ _score: { order: 'desc' } }, { 'name.key': { order: 'asc' } }, { id: { order: 'asc' } }];
