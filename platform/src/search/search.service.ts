import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { productView } from '../catalog/catalog.service.js';
import { ProductEntity } from '../catalog/product.entity.js';
import { barcodesOf } from '../catalog/product-writer.js';
import { assertCan, scopeWhere, type TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { isBarcodeQuery, normaliseQuery, prefixPattern } from './search-text.js';
import type { SearchQuery } from './search.schemas.js';

/** Why a product is in the results, strongest first; results come in this order. */
export type MatchKind = 'barcode' | 'exact' | 'prefix' | 'text' | 'fuzzy';

interface Hit {
  id: string;
  match: MatchKind;
}

const ids = (hits: Hit[]) => hits.map((h) => h.id);

/**
 * A tsquery term from a lexeme of `to_tsvector('simple', …)`, matching it as a prefix (type-ahead: "amox" finds
 * amoxycillin). Quotes and backslashes are escaped although the parser does not emit them today: a query-syntax
 * error here would be a 500 for whatever someone typed.
 */
const prefixTerm = (lexeme: string) => `'''' || replace(replace(${lexeme}, '\\', '\\\\'), '''', '''''') || ''':*'`;
const exactTerm = (word: string) => `'''' || replace(replace(${word}, '\\', '\\\\'), '''', '''''') || ''''`;

/**
 * How many edits a word may be from a catalogue word and still count as a typo of it. Short words get fewer: with
 * two edits "dolo" is a dozen other words. Numbers are never corrected: 650 mg is not 500 mg.
 */
const maxEdits = (word: string) => `case when ${word} ~ '[0-9]' or length(${word}) <= 2 then 0
  when length(${word}) <= 4 then 1 when length(${word}) <= 7 then 2 else 3 end`;

/** Nearest catalogue words fetched per typed word before levenshtein picks the real corrections. */
const CORRECTION_CANDIDATES = 30;

/**
 * One search box over the catalogue: barcode, brand name, generic, composition, manufacturer, with typos. Each tier
 * is one indexed query, run only while the page is not full, so the common cases (a scan, a brand prefix) never pay
 * for ranking thousands of full-text matches.
 */
@Injectable()
export class SearchService {
  async search(scope: TenantScope, query: SearchQuery) {
    const productScope = scopeWhere(scope, 'read', 'Product');
    if (query.storeId) assertCan(scope, 'read', 'Stock', { storeId: query.storeId });
    const hits = await this.rank(scope, normaliseQuery(query.q), query.limit);
    if (!hits.length) return [];
    const products = await scope.em.find(ProductEntity, { $and: [{ id: { $in: ids(hits) } }, productScope] });
    const byId = new Map(products.map((p) => [p.id, p]));
    const barcodes = await barcodesOf(scope.em, scope.tenant, ids(hits));
    const stock = query.storeId ? await this.sellable(scope, query.storeId, ids(hits)) : undefined;
    return hits
      .filter((hit) => byId.has(hit.id))
      .map((hit) => ({
        ...productView(byId.get(hit.id)!, barcodes.get(hit.id) ?? [], scope.tenant.country),
        match: hit.match,
        ...(stock ? { inStock: stock.get(hit.id) ?? 0 } : {}),
      }));
  }

  private async rank(scope: TenantScope, q: string, limit: number): Promise<Hit[]> {
    const s = ident(scope.tenant.schemaName);
    if (isBarcodeQuery(q)) return this.byBarcode(scope.em, s, q);
    const hits = await this.byName(scope.em, s, q, limit);
    if (hits.length < limit) hits.push(...(await this.byText(scope.em, s, q, ids(hits), limit - hits.length)));
    if (hits.length < limit) hits.push(...(await this.byFuzzy(scope.em, s, q, ids(hits), limit - hits.length)));
    return hits;
  }

  private async byBarcode(em: EntityManager, s: string, q: string): Promise<Hit[]> {
    return em.execute<Hit[]>(`select product_id as id, 'barcode' as match from ${s}.product_barcode where barcode = ?`, [q]);
  }

  /**
   * Names equal to or starting with the query, in byte order of the lowered name. That is the order of the
   * `text_pattern_ops` index, so the scan stops after `limit` rows however many names share a short prefix, and an
   * exact name sorts first by itself (no string is smaller than its own extensions).
   */
  private async byName(em: EntityManager, s: string, q: string, limit: number): Promise<Hit[]> {
    return em.execute<Hit[]>(
      `select id, case when lower(name) = lower(?) then 'exact' else 'prefix' end as match
       from ${s}.product where lower(name) like ?
       order by lower(name) using operator(pg_catalog.~<~), name, id
       limit ?`,
      [q, prefixPattern(q), limit],
    );
  }

  /** Every word of the query in the product's name, generic or manufacturer (weighted in that order). */
  private async byText(em: EntityManager, s: string, q: string, found: string[], limit: number): Promise<Hit[]> {
    return em.execute<Hit[]>(
      `with typed as materialized (
         select string_agg(${prefixTerm('lexeme')}, ' & ')::tsquery as tsq from unnest(to_tsvector('simple', ?))
       )
       select id, 'text' as match from ${s}.product
       where search_vector @@ (select tsq from typed) and id <> all(array[?]::uuid[])
       order by ts_rank(search_vector, (select tsq from typed)) desc, name, id
       limit ?`,
      [q, found, limit],
    );
  }

  /**
   * Spelling correction with the PostgreSQL manual's words table (pg_trgm, "Text Search Integration"): for each
   * typed word, the catalogue words nearest by trigram distance (GiST index) within a few edits (levenshtein).
   * Each typed word may then match itself as a prefix or any of its corrections. Products using each word's best
   * correction (fewest edits, then most similar, then most used in the catalogue) come first: "cefxme" is two edits
   * from both "ceme" and "cefixime", and the molecule in 104 products is the likelier meaning than a rare brand.
   */
  private async byFuzzy(em: EntityManager, s: string, q: string, found: string[], limit: number): Promise<Hit[]> {
    return em.execute<Hit[]>(
      `with terms as materialized (
         select lexeme as term, ${maxEdits('lexeme')} as max_edits from unnest(to_tsvector('simple', ?))
       ),
       corrections as (
         select t.term, c.word,
                row_number() over (partition by t.term order by c.edits, c.distance, c.products desc, c.word) as choice
         from terms t cross join lateral (
           select w.word, w.products, w.word operator(public.<->) t.term as distance,
                  public.levenshtein_less_equal(w.word, t.term, t.max_edits) as edits
           from ${s}.search_word w
           where w.products > 0 and t.max_edits > 0
           order by w.word operator(public.<->) t.term
           limit ${CORRECTION_CANDIDATES}
         ) c
         where c.edits <= t.max_edits
       ),
       per_term as (
         select t.term,
                string_agg(${exactTerm('c.word')}, ' | ') as any_words,
                string_agg(${exactTerm('c.word')}, ' | ') filter (where c.choice = 1) as best_word
         from terms t left join corrections c on c.term = t.term
         group by t.term
       ),
       query as materialized (
         select string_agg('(' || ${prefixTerm('term')} || coalesce(' | ' || any_words, '') || ')', ' & ')::tsquery as any_query,
                string_agg('(' || ${prefixTerm('term')} || coalesce(' | ' || best_word, '') || ')', ' & ')::tsquery as best_query
         from per_term
       )
       select id, 'fuzzy' as match from ${s}.product
       where search_vector @@ (select any_query from query) and id <> all(array[?]::uuid[])
       order by search_vector @@ (select best_query from query) desc,
                ts_rank(search_vector, (select any_query from query)) desc, name, id
       limit ?`,
      [q, found, limit],
    );
  }

  /** Sellable quantity per product in one store: unexpired batches only (expired stock is on hand, not for sale). */
  private async sellable(scope: TenantScope, storeId: string, productIds: string[]): Promise<Map<string, number>> {
    const rows = await scope.em.execute<{ product_id: string; quantity: string }[]>(
      `select product_id, sum(quantity) as quantity from ${ident(scope.tenant.schemaName)}.stock_batch
       where store_id = ? and product_id in (?) and quantity > 0 and expiry >= current_date
       group by product_id`,
      [storeId, productIds],
    );
    return new Map(rows.map((r) => [r.product_id, Number(r.quantity)]));
  }
}
