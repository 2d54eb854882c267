import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { SearchProvider } from '@dawa/plugin-sdk';
import { testTenant } from '@dawa/plugin-sdk/testing';
import { hitIds, product, searchFor } from '../support/search-for.js';
import type { TestCluster } from '../support/test-cluster.js';

/** The Postgres search's ranking intent, on the real node: barcode, exact name, name prefix, words, typos. */
export function rankingSuite(cluster: TestCluster): void {
  describe('ranking', () => {
    let search: SearchProvider;

    before(async () => {
      search = searchFor(cluster, testTenant('IN', { id: '00000000-0000-4000-8000-00000000a001', slug: 'ranking' }));
      await search.index([
        product('typo', 'Zantel Kid', { genericName: 'Albendazole' }),
        product('word', 'Wormex 400', { genericName: 'Albendazole', manufacturer: 'Zentel Remedies' }),
        product('prefix', 'Zentel Plus Suspension', { genericName: 'Albendazole + Ivermectin' }),
        product('exact', 'Zentel', { genericName: 'Albendazole', composition: 'Albendazole 400mg' }),
        product('retired-exact', 'Zentel', { genericName: 'Albendazole', active: false }),
        product('scanned', 'Calpol 500', { composition: 'Paracetamol 500mg', barcodes: ['8901030865278'] }),
        product('vitamin', 'D-Rise Sachet', { composition: 'Cholecalciferol 5000iu' }),
      ]);
    });

    it('puts the exact name first, then names starting with it, then the word anywhere, then typos', async () => {
      assert.deepEqual(await hitIds(search, 'zentel'), ['exact', 'prefix', 'word', 'typo']);
      assert.deepEqual(await hitIds(search, '  ZENTEL '), ['exact', 'prefix', 'word', 'typo']);
    });

    it('finds a scanned barcode and nothing else, and a misread one finds nothing', async () => {
      assert.deepEqual(await hitIds(search, '8901030865278'), ['scanned']);
      assert.deepEqual(await hitIds(search, '8901030865279'), []);
    });

    it('completes a number only with its unit: 500 is 500mg, never 5000iu', async () => {
      assert.deepEqual(await hitIds(search, 'paracetamol 500'), ['scanned']);
      assert.ok(!(await hitIds(search, '500')).includes('vitamin'));
      assert.deepEqual(await hitIds(search, 'paracetamol 50'), []);
    });

    it('offers a correction for a misspelt word, and none for words it knows', async () => {
      assert.equal((await search.search({ text: 'albendzole' })).suggestion, 'albendazole');
      assert.equal((await search.search({ text: 'albendazole' })).suggestion, undefined);
      assert.equal((await search.search({ text: 'zentl plus' })).suggestion, 'zentel plus');
    });
  });
}
