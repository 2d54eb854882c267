import pg from 'pg';
import type { ProductInput } from '@dawa/platform';
import { readMedicinesSample } from '@dawa/platform/testing';
import { startApiProcess, type ApiProcess } from '@dawa/platform/testing';
import { awaitProvisioned, benchDatabase, OPERATOR, post } from './bench-setup.js';
import { insertProducts, seedStock } from './bulk-catalogue.js';
import { Random } from './random.js';
import { CatalogueGenerator } from './search-catalogue.js';
import { queryMix, typoSet, type BenchQuery, type QueryKind, type TypoQuery } from './search-queries.js';
import { load, summarise } from './stats.js';

/**
 * Issue 3's measures: search latency and throughput with 20 clients over a realistic query mix, in one tenant
 * holding each catalogue size in turn (the catalogue grows between measurements), and how often a misspelt word
 * still finds what was meant in the top 5.
 */
const SLUG = 'bench-search';
const PASSWORD = 'bench-password-123';

interface Session {
  api: ApiProcess;
  token: string;
  storeId: string;
}

async function searchOnce(session: Session, q: string, storeId?: string): Promise<any[]> {
  const params = new URLSearchParams({ q, limit: '20', ...(storeId ? { storeId } : {}) });
  const res = await fetch(`${session.api.url}/api/v1/products/search?${params}`, {
    headers: { 'x-tenant': SLUG, authorization: `Bearer ${session.token}` },
  });
  const body = await res.json();
  if (res.status !== 200) throw new Error(`search ${JSON.stringify(q)} → ${res.status} ${JSON.stringify(body)}`);
  return body as any[];
}

/** The mix with 20 clients; half the requests ask for a store's stock, as the point of sale does. */
async function measureMix(session: Session, queries: BenchQuery[], concurrency: number) {
  const byKind = new Map<QueryKind, number[]>();
  const { latencies, wallMs } = await load(queries.length, concurrency, async (i) => {
    const t0 = performance.now();
    await searchOnce(session, queries[i].q, i % 2 ? session.storeId : undefined);
    const kind = byKind.get(queries[i].kind) ?? byKind.set(queries[i].kind, []).get(queries[i].kind)!;
    kind.push(performance.now() - t0);
  });
  const kinds = Object.fromEntries(
    [...byKind].map(([kind, ms]) => {
      const { count, p50, p95, p99 } = summarise(ms, wallMs);
      return [kind, { count, p50, p95, p99 }];
    }),
  );
  return { ...summarise(latencies, wallMs), byKind: kinds };
}

/**
 * Share of misspelt words whose meaning (a product containing the intended word) is in the first 5 results, in %,
 * by number of typos, for brands and molecules apart: brand names are a dense space of near neighbours.
 */
async function typoRecall(session: Session, set: TypoQuery[], concurrency: number) {
  const tally = new Map<string, { found: number; total: number }>();
  const misses: string[] = [];
  await load(set.length, concurrency, async (i) => {
    const { q, word, typos, target } = set[i];
    const top = (await searchOnce(session, q)).slice(0, 5);
    const found = top.some((p) => `${p.name} ${p.genericName}`.toLowerCase().includes(word));
    for (const key of [`${typos} typo`, `${typos} typo, ${target}`]) {
      const t = tally.get(key) ?? tally.set(key, { found: 0, total: 0 }).get(key)!;
      t.total++;
      if (found) t.found++;
    }
    if (!found && misses.length < 15) misses.push(`${q} (${word})`);
  });
  const recall = Object.fromEntries(
    [...tally].sort(([a], [b]) => a.localeCompare(b)).map(([key, t]) => [key, Math.round((t.found / t.total) * 1000) / 10]),
  );
  return { queries: set.length, recall, someMisses: misses };
}

async function signIn(api: ApiProcess): Promise<Session> {
  const operator = (await post(api, '/api/v1/platform/auth/login', OPERATOR)).accessToken;
  const ownerEmail = `owner@${SLUG}.test`;
  const tenant = await post(
    api,
    '/api/v1/platform/tenants',
    { slug: SLUG, name: 'Search bench chain', country: 'IN', owner: { email: ownerEmail, name: 'Owner', password: PASSWORD } },
    { authorization: `Bearer ${operator}` },
  );
  await awaitProvisioned(api, operator, tenant.id);
  const token = (await post(api, '/api/v1/auth/login', { email: ownerEmail, password: PASSWORD }, { 'x-tenant': SLUG })).accessToken;
  const store = await post(
    api,
    '/api/v1/stores',
    { code: 'S-1', name: 'Store 1', address: '1 Main Road', region: 'MH' },
    { 'x-tenant': SLUG, authorization: `Bearer ${token}` },
  );
  return { api, token, storeId: store.id };
}

export async function searchBenchmark(options: {
  dataDir: string;
  products: number[];
  requests: number;
  concurrency: number;
  warmup: number;
  typos: number;
}) {
  const database = await benchDatabase(options.dataDir);
  const db = new pg.Client({ connectionString: database.databaseUrl });
  let api: ApiProcess | undefined;
  try {
    await db.connect();
    api = await startApiProcess(database.env);
    const session = await signIn(api);
    const [{ schema_name: schema }] = (await db.query('select schema_name from public.tenant where slug = $1', [SLUG])).rows;
    const random = new Random(20261121);
    const generator = new CatalogueGenerator(readMedicinesSample(), random);
    let catalogue: ProductInput[] = [];
    const results = [];
    for (const size of [...options.products].sort((a, b) => a - b)) {
      const batch = generator.next(size - catalogue.length);
      const t0 = performance.now();
      for (let start = 0; start < batch.length; start += 10_000) {
        const slice = batch.slice(start, start + 10_000);
        await seedStock(db, schema, session.storeId, await insertProducts(db, schema, slice));
        process.stderr.write(`\rloaded ${catalogue.length + start + slice.length}/${size} products`);
      }
      process.stderr.write('\n');
      await db.query(`analyze "${schema}".product, "${schema}".product_barcode, "${schema}".search_word, "${schema}".stock_batch`);
      const loadSeconds = Math.round((performance.now() - t0) / 100) / 10;
      catalogue = catalogue.concat(batch);
      const [sizes] = (
        await db.query(
          `select (select count(*) from "${schema}".search_word where products > 0)::int as words,
                  pg_size_pretty(pg_total_relation_size('"${schema}".product')) as product_table_with_indexes`,
        )
      ).rows;
      await measureMix(session, queryMix(catalogue, random, options.warmup), options.concurrency);
      const mix = await measureMix(session, queryMix(catalogue, random, options.requests), options.concurrency);
      const recall = await typoRecall(session, typoSet(catalogue, random, options.typos), options.concurrency);
      results.push({ products: size, ...sizes, loadSeconds, search: mix, typoRecallAt5: recall });
      process.stderr.write(`${size} products: ${JSON.stringify({ p50: mix.p50, p95: mix.p95, p99: mix.p99, rps: mix.throughput })}\n`);
    }
    return results;
  } finally {
    await api?.stop();
    await db.end().catch(() => undefined);
    await database.stop();
  }
}
