import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PluginTenant } from '../context.js';
import type { PluginProviding } from '../define-plugin.js';
import type { SearchableProduct, SearchProvider } from '../search.js';
import { startTenantPair } from './tenant-pair.js';
import type { VendorFake } from './vendor-fake.js';

export interface SearchContractSetup {
  /** The suite adds a second tenant, differing in id and slug, to check isolation. */
  tenant: PluginTenant;
  config: unknown;
  startFake(): Promise<VendorFake>;
}

const product = (
  id: string,
  name: string,
  genericName: string,
  composition: string,
  barcodes: string[] = [],
  active = true,
): SearchableProduct => ({
  id,
  name,
  genericName,
  composition,
  manufacturer: 'Contract Labs',
  barcodes,
  active,
});

const CATALOGUE = [
  product('p-crocin', 'Crocin 500', 'Paracetamol', 'Paracetamol 500mg', ['8901234567894']),
  product('p-dolo', 'Dolo 650', 'Paracetamol', 'Paracetamol 650mg'),
  product('p-augmentin', 'Augmentin 625 Duo', 'Amoxycillin + Clavulanic Acid', 'Amoxycillin 500mg + Clavulanic Acid 125mg'),
  product('p-azithral', 'Azithral 500', 'Azithromycin', 'Azithromycin 500mg'),
  product('p-old', 'Oldcough Syrup', 'Dextromethorphan', 'Dextromethorphan 10mg/5ml', [], false),
];

/** Registers the search contract: brand, generic, composition, barcode and misspelt queries; updates; isolation. */
export function searchContract(plugin: PluginProviding<'search'>, setup: SearchContractSetup): void {
  describe(`search contract: ${plugin.name}`, () => {
    let fake: VendorFake;
    let search: SearchProvider;
    let otherTenantSearch: SearchProvider;
    const ids = async (text: string, options: { includeInactive?: boolean; limit?: number } = {}) =>
      (await search.search({ text, ...options })).hits.map((hit) => hit.id);

    before(async () => {
      ({ fake, mine: search, theirs: otherTenantSearch } = await startTenantPair(plugin, 'search', setup));
      await search.index(CATALOGUE);
    });
    after(() => fake?.stop());

    it('finds products by brand, generic name, composition and barcode', async () => {
      assert.equal((await ids('Augmentin'))[0], 'p-augmentin');
      assert.deepEqual((await ids('paracetamol')).sort(), ['p-crocin', 'p-dolo']);
      assert.equal((await ids('Azithromycin 500mg'))[0], 'p-azithral');
      assert.deepEqual(await ids('8901234567894'), ['p-crocin']);
    });

    it('tolerates the typos people make at the counter', async () => {
      assert.ok((await ids('paracetmol')).includes('p-crocin'));
      assert.equal((await ids('augmntin'))[0], 'p-augmentin');
    });

    it('hides inactive products unless asked, and honours the limit', async () => {
      assert.deepEqual(await ids('Oldcough'), []);
      assert.deepEqual(await ids('Oldcough', { includeInactive: true }), ['p-old']);
      assert.equal((await ids('paracetamol', { limit: 1 })).length, 1);
    });

    it('replaces a re-indexed product and forgets a removed one', async () => {
      await search.index([{ ...CATALOGUE[3], name: 'Azee 500' }]);
      assert.equal((await ids('Azee'))[0], 'p-azithral');
      assert.ok(!(await ids('Azithral')).includes('p-azithral'));
      await search.remove(['p-azithral', 'p-never-indexed']);
      assert.deepEqual(await ids('Azee'), []);
    });

    it("keeps each tenant's catalogue apart", async () => {
      assert.deepEqual((await otherTenantSearch.search({ text: 'Augmentin' })).hits, []);
    });
  });
}
