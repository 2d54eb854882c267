import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import type { SearchProvider } from '@dawa/plugin-sdk';
import { otherTenant, testTenant } from '@dawa/plugin-sdk/testing';
import { hitIds, product, searchFor } from '../support/search-for.js';
import type { TestCluster } from '../support/test-cluster.js';

/** Two chains on one cluster with the same product under the same id: neither ever sees the other's catalogue. */
export function tenantIsolationSuite(cluster: TestCluster): void {
  describe('tenant isolation', () => {
    let chainA: SearchProvider;
    let chainB: SearchProvider;

    before(async () => {
      const tenant = testTenant('IN', { id: '00000000-0000-4000-8000-00000000a003', slug: 'chain-a' });
      chainA = searchFor(cluster, tenant);
      chainB = searchFor(cluster, otherTenant(tenant));
      await chainA.index([product('shared-id', 'Calpol 500', { manufacturer: 'Chain A Generics' })]);
      await chainB.index([
        product('shared-id', 'Calpol 500', { manufacturer: 'Chain B Generics' }),
        product('b-only', 'Calpol 650', { manufacturer: 'Chain B Generics' }),
      ]);
    });

    it('finds only the tenant’s own products, same name and id or not', async () => {
      assert.deepEqual(await hitIds(chainA, 'calpol'), ['shared-id']);
      assert.deepEqual((await hitIds(chainB, 'calpol')).sort(), ['b-only', 'shared-id']);
      assert.deepEqual(await hitIds(chainA, 'Chain B Generics'), []);
      for (const text of ['*', 'calpol*', 'Calpol 650', '{"match_all":{}}', 'test-*-products-*']) {
        assert.ok(!(await hitIds(chainA, text)).includes('b-only'), text);
      }
    });

    it('removing one tenant’s product leaves the other’s', async () => {
      await chainA.remove(['shared-id']);
      assert.deepEqual(await hitIds(chainA, 'calpol'), []);
      assert.deepEqual((await hitIds(chainB, 'calpol')).sort(), ['b-only', 'shared-id']);
    });
  });
}
