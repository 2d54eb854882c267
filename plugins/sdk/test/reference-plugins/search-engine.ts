import { definePlugin, PLUGIN_API_VERSION, z, type SearchableProduct, type SearchProvider } from '../../src/index.js';
import type { VendorFake } from '../../src/testing/index.js';
import { json, startFakeServer } from '../../src/fakes/index.js';

// A minimal search engine and the plugin for it: a worked example that the search contract suite really checks.

const words = (text: string) =>
  text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/** How well one query word matches a document's words: exact, prefix, or within two typos of a long word. */
function wordScore(queryWord: string, documentWords: string[]): number {
  if (documentWords.includes(queryWord)) return 3;
  if (documentWords.some((w) => w.startsWith(queryWord))) return 2;
  return queryWord.length >= 5 && documentWords.some((w) => editDistance(queryWord, w) <= 2) ? 1 : 0;
}

export function startSearchEngineFake(): Promise<VendorFake> {
  const indexes = new Map<string, Map<string, SearchableProduct>>();
  return startFakeServer(({ path, body }) => {
    const [, , indexName, action] = path.split('/');
    const index = indexes.get(indexName) ?? new Map<string, SearchableProduct>();
    indexes.set(indexName, index);
    const payload = JSON.parse(body.toString() || '{}');
    if (action === 'documents') for (const product of payload as SearchableProduct[]) index.set(product.id, product);
    if (action === 'delete') for (const id of payload.ids as string[]) index.delete(id);
    if (action !== 'search') return { status: 204 };
    const queryWords = words(payload.q);
    const hits = [...index.values()]
      .filter((product) => product.active || payload.includeInactive)
      .map((product) => {
        const documentWords = words([product.name, product.genericName, product.composition, ...product.barcodes].join(' '));
        const scores = queryWords.map((w) => wordScore(w, documentWords));
        return { id: product.id, score: scores.every(Boolean) ? scores.reduce((a, b) => a + b, 0) : 0 };
      })
      .filter((hit) => hit.score > 0)
      .sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
    return json(200, { hits: hits.slice(0, payload.limit) });
  });
}

export default definePlugin({
  name: 'search-reference',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  countries: 'any',
  configSchema: z.object({ endpoint: z.url().optional() }),
  provides: {
    search: ({ tenant, http }): SearchProvider => {
      const post = (action: string, payload: unknown) =>
        http.request({ method: 'POST', path: `/indexes/products-${tenant.id}/${action}`, json: payload });
      return {
        index: async (products) => void (await post('documents', products)),
        remove: async (ids) => void (await post('delete', { ids })),
        async search({ text, limit = 20, includeInactive = false }) {
          const response = await post('search', { q: text, limit: Math.min(limit, 100), includeInactive });
          return response.json();
        },
      };
    },
  },
});
