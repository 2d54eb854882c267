import { after, before } from 'node:test';
import { searchContract, testTenant } from '@dawa/plugin-sdk/testing';
import plugin from '../src/index.js';
import { indexLifecycleSuite } from './suites/index-lifecycle.js';
import { medicinesTypoSuite } from './suites/medicines-typos.js';
import { rankingSuite } from './suites/ranking.js';
import { tenantIsolationSuite } from './suites/tenant-isolation.js';
import { TEST_INDEX_PREFIX } from './support/search-for.js';
import { TestCluster } from './support/test-cluster.js';

// One real Elasticsearch 8 node for every suite of this file: starting one takes most of a minute on a small machine.
const cluster = new TestCluster();
before(() => cluster.start());
after(() => cluster.stop());

searchContract(plugin, {
  tenant: testTenant('IN'),
  config: { indexPrefix: TEST_INDEX_PREFIX },
  // The contract's "fake" is the real node; it outlives the suite and is stopped with the file.
  startFake: async () => ({ baseUrl: cluster.url, stop: async () => undefined }),
});
rankingSuite(cluster);
medicinesTypoSuite(cluster);
tenantIsolationSuite(cluster);
indexLifecycleSuite(cluster);
