import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { SearchableProduct, SearchProvider } from '@dawa/plugin-sdk';
import { testTenant } from '@dawa/plugin-sdk/testing';
import { medicinesSample } from '../support/medicines-sample.js';
import { hitIds, searchFor } from '../support/search-for.js';
import type { TestCluster } from '../support/test-cluster.js';

/**
 * One slip of the finger in the longest word of a name (5 letters or more, so a word a typo allowance covers): a
 * letter dropped, two letters swapped, one letter wrong, one letter too many; never the first letter.
 */
function withOneTypo(name: string, seed: number): string | undefined {
  const word = name
    .split(/[^A-Za-z]+/)
    .filter((w) => w.length >= 5)
    .sort((a, b) => b.length - a.length)[0];
  if (!word) return undefined;
  const at = 1 + (seed % (word.length - 2));
  const next = (c: string) => (c.toLowerCase() === 'z' ? 'a' : String.fromCharCode(c.toLowerCase().charCodeAt(0) + 1));
  const typo = [
    word.slice(0, at) + word.slice(at + 1),
    word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2),
    word.slice(0, at) + next(word[at]) + word.slice(at + 1),
    word.slice(0, at) + next(word[at]) + word.slice(at),
  ][seed % 4];
  return name.replace(word, typo);
}

export function medicinesTypoSuite(cluster: TestCluster): void {
  describe('typo tolerance on 2,882 real Indian medicine names', () => {
    let search: SearchProvider;
    let catalogue: SearchableProduct[];

    before(async () => {
      catalogue = medicinesSample();
      search = searchFor(cluster, testTenant('IN', { id: '00000000-0000-4000-8000-00000000a002', slug: 'medicines' }));
      await search.index(catalogue);
    });

    it('has every product of one index call searchable when it resolves, across bulk batches', async () => {
      for (const item of [catalogue[0], catalogue[1_500], catalogue.at(-1)!]) {
        assert.deepEqual(await hitIds(search, item.barcodes[0]), [item.id], item.name);
      }
    });

    it('finds the product in the top 5 when its name is typed with one typo', async () => {
      const names = new Map<string, number>();
      for (const item of catalogue) names.set(item.name.toLowerCase(), (names.get(item.name.toLowerCase()) ?? 0) + 1);
      const sample = catalogue.filter((item, index) => index % 37 === 5 && names.get(item.name.toLowerCase()) === 1);
      const misses: string[] = [];
      let tried = 0;
      for (const [seed, item] of sample.entries()) {
        const query = withOneTypo(item.name, seed);
        if (!query) continue;
        tried++;
        const top = await hitIds(search, query, { limit: 5 });
        if (!top.includes(item.id))
          misses.push(`"${query}" for "${item.name}" gave ${top.map((id) => catalogue.find((c) => c.id === id)?.name).join(', ')}`);
      }
      assert.ok(tried >= 50, `only ${tried} names had a word long enough for a typo`);
      assert.deepEqual(misses, []);
    });

    it('lists the likeliest correction first: "glimipride" is glimepiride (97 products), not the brand Glipride (4)', async () => {
      const top = await hitIds(search, 'glimipride', { limit: 10 });
      assert.equal(top.length, 10);
      for (const id of top) assert.match(catalogue.find((c) => c.id === id)!.genericName, /glimepiride/i);
    });

    it('reads "paracetmol" and "augmntin" as the medicines they are', async () => {
      const paracetamol = await hitIds(search, 'paracetmol', { limit: 10 });
      assert.equal(paracetamol.length, 10);
      for (const id of paracetamol) assert.match(catalogue.find((c) => c.id === id)!.genericName, /paracetamol/i);
      const [augmentin] = await hitIds(search, 'augmntin');
      assert.match(catalogue.find((c) => c.id === augmentin)!.name, /^augmentin/i);
      assert.equal((await search.search({ text: 'augmntin' })).suggestion, 'augmentin');
    });
  });
}
