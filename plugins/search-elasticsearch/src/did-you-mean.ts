import type { estypes } from '@elastic/elasticsearch';
import { isBarcodeQuery, queryWords } from './query-text.js';

const SUGGESTER = 'didYouMean';

/**
 * A phrase suggester over every word of the catalogue (the `suggest` field). Like the Postgres search, only words the
 * catalogue does not know are corrected (`suggest_mode: missing`), and a correction must be likelier than what was
 * typed (`confidence: 1`). Barcodes are never corrected.
 */
export function didYouMeanRequest(text: string): estypes.SearchSuggester | undefined {
  if (isBarcodeQuery(text) || !queryWords(text).length) return undefined;
  return {
    [SUGGESTER]: {
      text,
      phrase: {
        field: 'suggest',
        size: 1,
        confidence: 1,
        max_errors: 2,
        direct_generator: [{ field: 'suggest', suggest_mode: 'missing', min_word_length: 3 }],
      },
    },
  };
}

/** Text as the analyser sees it, near enough to tell a correction from the query re-spelt in lower case. */
const tokens = (text: string) =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .join(' ');

/** The corrected query, when Elasticsearch has one that differs from what was typed. */
export function didYouMean(text: string, suggest: Record<string, estypes.SearchSuggest[]> | undefined): string | undefined {
  const option = suggest?.[SUGGESTER]?.[0]?.options;
  const best = Array.isArray(option) ? option[0]?.text : option?.text;
  return best && tokens(best) !== tokens(text) ? best : undefined;
}
