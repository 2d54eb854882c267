import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rejectsWithCode, testTenant } from '@dawa/plugin-sdk/testing';
import { hitIds, product, searchFor, TEST_INDEX_PREFIX } from '../support/search-for.js';
import type { TestCluster } from '../support/test-cluster.js';

const tenantNumbered = (n: number) => testTenant('IN', { id: `00000000-0000-4000-8000-0000000b000${n}`, slug: `lifecycle-${n}` });
const indexOf = (tenantId: string) => `${TEST_INDEX_PREFIX}-products-${tenantId}`;

/** The tenant's index: made with its mapping on first write, once, whoever races; never guessed at. */
export function indexLifecycleSuite(cluster: TestCluster): void {
  describe('the tenant index', () => {
    it('is created once, with its mapping, however many writers race to be first', async () => {
      const tenant = tenantNumbered(1);
      // Two instances of the extension, as two API processes would hold, each writing concurrently.
      const writers = [searchFor(cluster, tenant), searchFor(cluster, tenant)];
      await Promise.all(
        Array.from({ length: 8 }, (_, n) => writers[n % 2].index([product(`race-${n}`, `Racecadotril ${n + 1}00 Sachet`)])),
      );
      assert.equal((await hitIds(writers[0], 'racecadotril')).length, 8);
      const { body } = await cluster.request('GET', `/${indexOf(tenant.id)}/_mapping`);
      const mappings = body[indexOf(tenant.id)].mappings;
      assert.equal(mappings._meta.mappingVersion, 1);
      assert.equal(mappings.properties.name.fields.key.normalizer, 'lowercase');
    });

    it('is not created by a search, which finds nothing before the first write', async () => {
      const tenant = tenantNumbered(2);
      assert.deepEqual((await searchFor(cluster, tenant).search({ text: 'anything' })).hits, []);
      assert.equal((await cluster.request('HEAD', `/${indexOf(tenant.id)}`)).status, 404);
    });

    it('is created with its mapping by a first remove, not auto-created without one', async () => {
      const tenant = tenantNumbered(3);
      await searchFor(cluster, tenant).remove(['never-indexed']);
      const { body } = await cluster.request('GET', `/${indexOf(tenant.id)}/_mapping`);
      assert.equal(body[indexOf(tenant.id)].mappings._meta.mappingVersion, 1);
    });

    it('is refused, not half-used, when an index of that name was made without the plugin', async () => {
      const tenant = tenantNumbered(4);
      await cluster.request('PUT', `/${indexOf(tenant.id)}`, {});
      const search = searchFor(cluster, tenant);
      await rejectsWithCode(search.index([product('p1', 'Crocin 500')]), 'search_index_incompatible');
      await assert.rejects(search.index([product('p1', 'Crocin 500')]), /delete the index .* index the catalogue again/);
    });
  });
}
