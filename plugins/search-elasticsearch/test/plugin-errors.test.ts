import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { createExtension, type PluginError } from '@dawa/plugin-sdk';
import { json, startFakeServer, type FakeRequest } from '@dawa/plugin-sdk/fakes';
import { rejectsWithCode, testTenant, type VendorFake } from '@dawa/plugin-sdk/testing';
import plugin from '../src/index.js';
import { product } from './support/search-for.js';

const tenant = testTenant('IN');
const API_KEY = 'VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==';

/** What a secured Elasticsearch 8 answers to a request with wrong credentials. */
const UNAUTHENTICATED = {
  error: {
    root_cause: [
      {
        type: 'security_exception',
        reason: 'unable to authenticate with provided credentials and anonymous access is not allowed for this request',
      },
    ],
    type: 'security_exception',
    reason: 'unable to authenticate with provided credentials and anonymous access is not allowed for this request',
  },
  status: 401,
};

const asElasticsearch = (status: number, body: unknown) => {
  const response = json(status, body);
  return { ...response, headers: { ...response.headers, 'x-elastic-product': 'Elasticsearch' } };
};

describe('configuration', () => {
  const extension = (config: unknown, baseUrl?: string) => () => createExtension(plugin, 'search', { tenant, config, baseUrl });
  const refusedOn = (field: string) => (error: unknown) =>
    (error as PluginError).code === 'invalid_config' &&
    (error as { issues: Array<{ field: string }> }).issues.some((i) => i.field === field);

  it('needs a node URL unless the host points the plugin at one', () => {
    assert.throws(extension({}), refusedOn('node'));
    assert.doesNotThrow(extension({ node: 'https://search.example.com:9243' }));
    assert.doesNotThrow(extension({}, 'http://127.0.0.1:9200'));
  });

  it('refuses half a set of credentials, two kinds at once, and an index prefix Elasticsearch would refuse', () => {
    const node = 'http://127.0.0.1:9200';
    assert.throws(extension({ node, username: 'dawa' }), refusedOn('password'));
    assert.throws(extension({ node, password: 'secret-pass' }), refusedOn('username'));
    assert.throws(extension({ node, apiKey: API_KEY, username: 'dawa', password: 'secret-pass' }), refusedOn('apiKey'));
    assert.throws(extension({ node, indexPrefix: 'Dawa Live' }), refusedOn('indexPrefix'));
  });

  it('keeps the password and API key secret', () => {
    assert.deepEqual([...plugin.secretFields].sort(), ['apiKey', 'password']);
  });
});

describe('talking to Elasticsearch', () => {
  let server: VendorFake;
  let seen: FakeRequest[];
  let answer: (request: FakeRequest) => ReturnType<typeof asElasticsearch> | ReturnType<typeof json>;

  before(async () => {
    server = await startFakeServer((request) => {
      seen.push(request);
      return answer(request);
    });
  });
  after(() => server.stop());
  const searchWith = (config: Record<string, unknown> = {}) =>
    createExtension(plugin, 'search', { tenant, config, baseUrl: server.baseUrl });
  const reset = (respond: typeof answer) => {
    seen = [];
    answer = respond;
  };

  it('sends the API key as Elasticsearch expects, and a refusal is upstream_unauthorized without the key in it', async () => {
    reset(() => asElasticsearch(401, UNAUTHENTICATED));
    const failure = searchWith({ apiKey: API_KEY }).search({ text: 'crocin' });
    await rejectsWithCode(failure, 'upstream_unauthorized');
    // Not in the message, nor anywhere in the error the host might log with its causes.
    await assert.rejects(
      failure,
      (error: Error) => !inspect(error, { depth: Infinity }).includes(API_KEY) && /security_exception/.test(error.message),
    );
    assert.equal(seen[0].headers.authorization, `ApiKey ${API_KEY}`);
  });

  it('sends a username and password as basic authentication', async () => {
    reset(() => asElasticsearch(401, UNAUTHENTICATED));
    await rejectsWithCode(
      searchWith({ username: 'dawa', password: 'secret-pass' }).index([product('p1', 'Crocin')]),
      'upstream_unauthorized',
    );
    const basic = Buffer.from('dawa:secret-pass').toString('base64');
    assert.equal(seen[0].headers.authorization, `Basic ${basic}`);
    await assert.rejects(searchWith({ username: 'dawa', password: 'secret-pass' }).search({ text: 'crocin' }), (error: Error) => {
      const logged = inspect(error, { depth: Infinity });
      return !logged.includes('secret-pass') && !logged.includes(basic);
    });
  });

  it('reports an overloaded cluster as upstream_unavailable, to be retried', async () => {
    reset(() =>
      asElasticsearch(503, {
        error: { type: 'cluster_block_exception', reason: 'blocked by: [SERVICE_UNAVAILABLE/2/no master];' },
        status: 503,
      }),
    );
    await rejectsWithCode(searchWith().search({ text: 'crocin' }), 'upstream_unavailable');
  });

  it('says so when the configured node is not Elasticsearch', async () => {
    reset(() => json(200, { hits: { hits: [] } }));
    await rejectsWithCode(searchWith().search({ text: 'crocin' }), 'upstream_incompatible');
  });

  it('reports a node nobody answers on as upstream_unavailable', async () => {
    const closed = await startFakeServer(() => json(200, {}));
    await closed.stop();
    const search = createExtension(plugin, 'search', { tenant, config: {}, baseUrl: closed.baseUrl });
    await rejectsWithCode(search.search({ text: 'crocin' }), 'upstream_unavailable');
  });

  it('refuses malformed requests before sending anything', async () => {
    reset(() => asElasticsearch(500, {}));
    const search = searchWith();
    await rejectsWithCode(search.search({ text: 'crocin', limit: 0 }), 'invalid_input', 'limit');
    await rejectsWithCode(search.index([product('p1', 'Crocin'), product('', 'Dolo')]), 'invalid_input', 'products.1.id');
    await rejectsWithCode(search.remove(['p1', 'x'.repeat(513)]), 'invalid_input', 'productIds.1');
    assert.deepEqual((await search.search({ text: '   ' })).hits, []);
    assert.equal(seen.length, 0);
  });
});
