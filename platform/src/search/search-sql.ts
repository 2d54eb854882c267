/**
 * SQL fragments the search tiers share. Typed text only ever reaches SQL as a bound value; these build tsquery
 * text from lexemes inside the database, quoted, so nothing typed can be read as query syntax.
 */

/**
 * Completions of a typed prefix, most used first. Not a tsquery prefix match (`amox:*`): GIN answers that by
 * reading every posting of every word with the prefix (3 ms for "para" in 250,000 products, even beside a rare word),
 * where a list of exact words lets GIN skip through them. Elasticsearch bounds `max_expansions` at 50 likewise.
 */
const COMPLETIONS = 50;

const quoted = (word: string) => `'''' || replace(replace(${word}, '\\', '\\\\'), '''', '''''') || ''''`;

/**
 * How many edits a word may be from a catalogue word and still count as a typo of it. Short words get fewer: with
 * two edits "dolo" is a dozen other words. Numbers are never corrected: 650 mg is not 500 mg.
 */
const maxEdits = (word: string) => `case when ${word} ~ '[0-9]' or length(${word}) <= 2 then 0
  when length(${word}) <= 4 then 1 when length(${word}) <= 7 then 2 else 3 end`;

/**
 * The trigram similarity a catalogue word needs to be considered as a correction. A typo costs a short word most of
 * its trigrams, so the bar is low (0.25, pg_trgm's default being 0.3); of the benchmark's typos within the edit
 * allowance, 89–99 % of words of 6 letters or more stay reachable. Words of up to 5 letters lose as many at 0.3 as at
 * 0.25, and the lower bar reads far more words sharing a common trigram ("def…"), so they keep 0.3.
 */
const minSimilarity = (word: string) => `(case when length(${word}) <= 5 then 0.3 else 0.25 end)::real`;

/**
 * CTE `typed_words`, one row per word of the query (takes the query as its one `?`): the lexeme as `search_vector`
 * holds it, whether the catalogue knows it as a whole word, how many typos it may contain (and how similar a
 * correction must be), and its completions (type-ahead: "amox" is amoxycillin, amoxil…; "azithro 500"). One letter
 * completes to too much to be useful and stays a word; a number completes only to itself with a unit ("100" is
 * 100mg, not 1000mg). The range `~>=~ … ~<~` is the prefix as the `text_pattern_ops` index reads it (byte order),
 * with no LIKE pattern to escape.
 */
export const typedWords = (s: string) => `typed_words as materialized (
  select lexeme as term,
         known.word is not null as known,
         ${maxEdits('lexeme')} as max_edits,
         ${minSimilarity('lexeme')} as min_similarity,
         case when length(lexeme) > 1 then (
           select string_agg(${quoted('c.word')}, ' | ') from (
             select w.word from ${s}.search_word w
             where w.word ~>=~ lexeme and w.word ~<~ (lexeme || chr(1114111)) and w.products > 0
               and (lexeme !~ '[0-9]$' or substr(w.word, length(lexeme) + 1, 1) !~ '[0-9.,]')
             order by w.products desc, w.word
             limit ${COMPLETIONS}
           ) c
         ) end as completions
  from unnest(to_tsvector('simple', ?))
  left join ${s}.search_word known on known.word = lexeme and known.products > 0
)`;

/** The tsquery text matching one `typed_words` row: the word as typed, or any of its completions. */
export const matchTyped = (row: string) => `${quoted(`${row}.term`)} || coalesce(' | ' || ${row}.completions, '')`;

/**
 * The tsquery text ranking one `typed_words` row: the word as a prefix. It matches what `matchTyped` matches, but
 * `ts_rank` checks one prefix per document where it would check fifty completions (4× faster on broad queries).
 */
export const rankTyped = (row: string) => `${quoted(`${row}.term`)} || ':*'`;

/** The tsquery text matching one catalogue word exactly. */
export const matchWord = quoted;
