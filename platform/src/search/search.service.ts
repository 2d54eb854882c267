import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import { productView } from '../catalog/catalog.service.js';
import { ProductEntity } from '../catalog/product.entity.js';
import { barcodesOf } from '../catalog/product-writer.js';
import { assertCan, scopeWhere, type TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { PLATFORM_LOGGER } from '../infrastructure/logger.provider.js';
import { PluginHostService } from '../plugins/plugin-host.service.js';
import { engineMatch } from './engine-match.js';
import { matchTyped, matchWord, rankTyped, typedWords } from './search-sql.js';
import { isBarcodeQuery, normaliseQuery, prefixPattern } from './search-text.js';
import type { SearchQuery } from './search.schemas.js';

/** Why a product is in the results, strongest first; results come in this order. */
export type MatchKind = 'barcode' | 'exact' | 'prefix' | 'text' | 'fuzzy';

interface Hit {
  id: string;
  /** Absent for a search plugin's hits: judged from the product once it is loaded. */
  match?: MatchKind;
}

const ids = (hits: Hit[]) => hits.map((h) => h.id);

/**
 * How unlikely a correction is, lower is likelier (a noisy-channel estimate): each edit makes a typo about a hundred
 * times rarer, and a word in more products is likelier to be meant. "cefxim" is one edit from the brand "Defxim"
 * (6 products) and two from "cefixime" (thousands): cefixime. A word one edit further away has to be used a hundred
 * times more often to win.
 */
const LIKELIHOOD = 'c.edits * 2 - log(greatest(c.products, 1))';

/** Corrections kept per misspelt word: enough for any real ambiguity, few enough for a short OR list. */
const CORRECTIONS_PER_WORD = 20;

/**
 * One search box over the catalogue: barcode, brand name, generic, composition, manufacturer, with typos. A tenant
 * with a search plugin turned on gets the plugin's ranking (kept in step through the outbox); everyone else, and a
 * plugin that fails, gets PostgreSQL's. There each tier is one indexed query, run only while the page is not full, so
 * the common cases (a scan, a brand prefix) never pay for ranking thousands of full-text matches. Stock and the
 * product view always come from the database.
 */
@Injectable()
export class SearchService {
  constructor(
    private readonly plugins: PluginHostService,
    @Inject(PLATFORM_LOGGER) private readonly logger: Logger,
  ) {}

  async search(scope: TenantScope, query: SearchQuery) {
    const productScope = scopeWhere(scope, 'read', 'Product');
    if (query.storeId) assertCan(scope, 'read', 'Stock', { storeId: query.storeId });
    const q = normaliseQuery(query.q);
    const hits = (await this.byPlugin(scope, q, query.limit)) ?? (await this.rank(scope, q, query.limit));
    if (!hits.length) return [];
    const products = await scope.em.find(ProductEntity, { $and: [{ id: { $in: ids(hits) } }, productScope] });
    const byId = new Map(products.map((p) => [p.id, p]));
    const barcodes = await barcodesOf(scope.em, scope.tenant, ids(hits));
    const stock = query.storeId ? await this.sellable(scope, query.storeId, ids(hits)) : undefined;
    return hits
      .filter((hit) => byId.has(hit.id))
      .map((hit) => ({
        ...productView(byId.get(hit.id)!, barcodes.get(hit.id) ?? [], scope.tenant.country),
        match: hit.match ?? engineMatch(q, byId.get(hit.id)!, barcodes.get(hit.id) ?? []),
        ...(stock ? { inStock: stock.get(hit.id) ?? 0 } : {}),
      }));
  }

  /**
   * The tenant's search plugin's hits, or undefined without one. Inactive products are included as in the Postgres
   * search (the view carries their status). A plugin that cannot answer (cluster down, misconfigured) is logged and
   * the database answers instead: the counter keeps working.
   */
  private async byPlugin(scope: TenantScope, q: string, limit: number): Promise<Hit[] | undefined> {
    try {
      const engine = await this.plugins.enabledProvider(scope, 'search');
      if (!engine) return undefined;
      const result = await engine.search({ text: q, limit, includeInactive: true });
      return result.hits.map((hit) => ({ id: hit.id }));
    } catch (error) {
      const err = error instanceof Error ? error.message : String(error);
      this.logger.warn({ tenant: scope.tenant.slug, err }, 'Search plugin failed; searching the database instead');
      return undefined;
    }
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
      `with ${typedWords(s)},
       query as materialized (
         select string_agg('(' || ${matchTyped('t')} || ')', ' & ')::tsquery as tsq,
                string_agg(${rankTyped('t')}, ' & ')::tsquery as rank_tsq
         from typed_words t
       )
       select id, 'text' as match from ${s}.product
       where search_vector @@ (select tsq from query) and id <> all(array[?]::uuid[])
       order by ts_rank(search_vector, (select rank_tsq from query)) desc, name, id
       limit ?`,
      [q, found, limit],
    );
  }

  /**
   * Spelling correction with the PostgreSQL manual's words table (pg_trgm, "Text Search Integration"). Only words
   * the catalogue does not know are corrected: a known word was meant (and the text tier has already used it), and
   * leaving it alone keeps exact-name searches from paying for corrections nobody needs. An unknown word's
   * candidates come from `search_word_candidates` (trigram index, then levenshtein within the word's allowance).
   * Each word then matches as typed or as any of its corrections; products using every word's likeliest correction
   * come first, then by relevance and name.
   */
  private async byFuzzy(em: EntityManager, s: string, q: string, found: string[], limit: number): Promise<Hit[]> {
    return em.execute<Hit[]>(
      `with ${typedWords(s)},
       corrections as materialized (
         select t.term, c.word,
                row_number() over (partition by t.term order by ${LIKELIHOOD}, c.similarity desc, c.word) as choice
         from typed_words t cross join lateral ${s}.search_word_candidates(t.term, t.max_edits, t.min_similarity) c
         where not t.known and t.max_edits > 0
       ),
       per_word as (
         select t.term, t.completions,
                string_agg(${matchWord('c.word')}, ' | ') as any_words,
                string_agg(${matchWord('c.word')}, ' | ') filter (where c.choice = 1) as best_word
         from typed_words t left join corrections c on c.term = t.term and c.choice <= ${CORRECTIONS_PER_WORD}
         group by t.term, t.completions
       ),
       query as materialized (
         select string_agg('(' || ${matchTyped('w')} || coalesce(' | ' || w.any_words, '') || ')', ' & ')::tsquery as any_query,
                string_agg('(' || ${matchTyped('w')} || coalesce(' | ' || w.best_word, '') || ')', ' & ')::tsquery as best_query,
                string_agg('(' || ${rankTyped('w')} || coalesce(' | ' || w.any_words, '') || ')', ' & ')::tsquery as rank_query
         from per_word w
         where exists (select 1 from corrections)
       )
       select id, 'fuzzy' as match from ${s}.product
       where search_vector @@ (select any_query from query) and id <> all(array[?]::uuid[])
       order by search_vector @@ (select best_query from query) desc,
                ts_rank(search_vector, (select rank_query from query)) desc, name, id
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
