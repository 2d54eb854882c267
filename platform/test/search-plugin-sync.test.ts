import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { OutboxDispatcher } from '../src/outbox/outbox-dispatcher.js';
import { TenantRegistry } from '../src/tenancy/tenant-registry.service.js';
import { engine } from './fixtures/plugins/search-fixture.js';
import { createProduct } from './support/catalog-fixtures.js';
import { createStore, provisionTenant, schemaOf, type TestTenant } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const fixture = fileURLToPath(new URL('./fixtures/plugins/search-fixture.js', import.meta.url));

/** A chain that turns a search plugin on: its catalogue follows every product write there, through the outbox. */
describe('search plugin sync', () => {
  let app: TestApp;
  let chain: TestTenant;
  let other: TestTenant;
  let store: string;
  const as = (t: TestTenant) => ({ tenant: t.slug, token: t.ownerToken });
  const settle = async (t: TestTenant) => {
    const tenant = await app.platform.app.get(TenantRegistry).bySlug(t.slug);
    await app.platform.app.get(OutboxDispatcher).drain(tenant!);
  };
  const search = async (t: TestTenant, q: string, storeId?: string) => {
    const res = await app.api.get(`/api/v1/products/search?${new URLSearchParams({ q, ...(storeId ? { storeId } : {}) })}`, as(t));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as Array<{ id: string; name: string; match: string; inStock?: number; status: string }>;
  };

  before(async () => {
    app = await startTestApp({ DAWA_PLUGIN_PATHS: fixture });
    chain = await provisionTenant(app, 'sync-chain');
    other = await provisionTenant(app, 'sync-other');
    store = await createStore(app, chain, 'SY-1');
  });
  after(() => app?.close());

  it('sends the existing catalogue to a search plugin when the chain turns it on', async () => {
    const before = await createProduct(app, chain, { name: 'Fixturol A', ingredients: [{ name: 'Paracetamol', strength: '500mg' }] });
    await settle(chain);
    assert.equal(engine.indexed(chain.id).size, 0, 'no plugin, nothing sent');
    const enabled = await app.api.put('/api/v1/plugins/search-fixture', { enabled: true, config: {} }, as(chain));
    assert.equal(enabled.status, 200, JSON.stringify(enabled.body));
    await settle(chain);
    assert.deepEqual(engine.indexed(chain.id).get(before), {
      id: before,
      name: 'Fixturol A',
      genericName: 'Paracetamol',
      composition: 'Paracetamol 500mg',
      manufacturer: 'Test Pharma',
      barcodes: [],
      active: true,
    });
  });

  it('indexes created and updated products, marks deactivated ones, and forgets deleted ones', async () => {
    const id = await createProduct(app, chain, { name: 'Fixturol B', barcodes: ['4006381333931'] });
    await settle(chain);
    assert.deepEqual(engine.indexed(chain.id).get(id)?.barcodes, ['4006381333931']);
    assert.equal((await app.api.put(`/api/v1/products/${id}`, { status: 'inactive' }, as(chain))).status, 200);
    await settle(chain);
    assert.equal(engine.indexed(chain.id).get(id)?.active, false);
    assert.equal((await app.api.delete(`/api/v1/products/${id}`, as(chain))).status, 200);
    await settle(chain);
    assert.equal(engine.indexed(chain.id).has(id), false);
  });

  it("answers the chain's searches from the plugin, with stock and the match kind from the core", async () => {
    await createProduct(app, chain, { name: 'Fixturol C' });
    await createProduct(app, chain, { name: 'Fixturol D' });
    await settle(chain);
    const hits = await search(chain, 'fixturol', store);
    assert.deepEqual(
      hits.map((h) => h.name),
      ['Fixturol D', 'Fixturol C', 'Fixturol A'],
      "the plugin's order, not PostgreSQL's",
    );
    assert.deepEqual(
      hits.map((h) => [h.match, h.inStock]),
      [
        ['prefix', 0],
        ['prefix', 0],
        ['prefix', 0],
      ],
    );
    assert.equal((await search(chain, 'Fixturol C'))[0].match, 'exact');
  });

  it('searches the database while the plugin is down, and retries the sync until it is back', async () => {
    engine.down = true;
    try {
      assert.deepEqual(
        (await search(chain, 'fixturol')).map((h) => h.name),
        ['Fixturol A', 'Fixturol C', 'Fixturol D'],
      );
      const id = await createProduct(app, chain, { name: 'Fixturol E' });
      await settle(chain);
      const schema = await schemaOf(app, chain.slug);
      const [event] = await app.sql<{ status: string; last_error: string }>(
        `select status, last_error from "${schema}".outbox_event where payload->'productIds' ? $1`,
        [id],
      );
      assert.deepEqual(event, { status: 'pending', last_error: 'the fixture search engine is down' });
      engine.down = false;
      const tenant = await app.platform.app.get(TenantRegistry).bySlug(chain.slug);
      await app.platform.app.get(OutboxDispatcher).drain(tenant!, { ignoreBackoff: true });
      assert.equal(engine.indexed(chain.id).get(id)?.name, 'Fixturol E');
    } finally {
      engine.down = false;
    }
  });

  it('leaves a chain without the plugin on PostgreSQL, and sends it nothing', async () => {
    await createProduct(app, other, { name: 'Fixturol Z' });
    await settle(other);
    assert.equal(engine.indexed(other.id).size, 0);
    assert.deepEqual(
      (await search(other, 'fixturol')).map((h) => h.name),
      ['Fixturol Z'],
    );
  });
});
