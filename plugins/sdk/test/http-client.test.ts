import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createHttpClient } from '../src/index.js';
import type { VendorFake } from '../src/testing/index.js';
import { json, startFakeServer, type FakeRequest } from '../src/fakes/index.js';

describe('plugin HTTP client', () => {
  let fake: VendorFake;
  const seen: FakeRequest[] = [];

  before(async () => {
    fake = await startFakeServer((request) => {
      seen.push(request);
      return request.path.endsWith('/missing') ? json(404, { error: { code: 'NOT_FOUND' } }) : json(200, { ok: true });
    });
  });
  after(() => fake.stop());

  it('appends paths to the base URL, encodes the query and sends JSON', async () => {
    const http = createHttpClient({ baseUrl: `${fake.baseUrl}/v1/` });
    const response = await http.request({
      method: 'POST',
      path: '/orders',
      query: { expand: 'payments', skip: undefined, count: 2 },
      json: { amount: 100 },
    });
    assert.equal(response.status, 200);
    assert.deepEqual(response.json(), { ok: true });
    const request = seen.at(-1)!;
    assert.equal(request.path, '/v1/orders');
    assert.equal(request.query.toString(), 'expand=payments&count=2');
    assert.equal(request.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(request.body.toString()), { amount: 100 });
  });

  it("returns a vendor's error answer for the plugin to translate", async () => {
    const response = await createHttpClient({ baseUrl: fake.baseUrl }).request({ method: 'GET', path: '/missing' });
    assert.equal(response.status, 404);
    assert.equal(response.headers['content-type'], 'application/json');
    assert.deepEqual(response.json(), { error: { code: 'NOT_FOUND' } });
  });

  it('reports an unreachable vendor and a missing base URL with their own codes', async () => {
    await assert.rejects(
      createHttpClient({ baseUrl: 'http://127.0.0.1:9', timeoutMs: 2_000 }).request({ method: 'GET', path: '/' }),
      (error: Error & { code: string }) => error.code === 'upstream_unavailable',
    );
    await assert.rejects(
      createHttpClient({ baseUrl: '' }).request({ method: 'GET', path: '/' }),
      (error: Error & { code: string }) => error.code === 'no_base_url',
    );
  });
});
