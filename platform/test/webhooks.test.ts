import assert from 'node:assert/strict';
import { REFUSALS_RECORDED_PER_MINUTE } from '../src/webhooks/webhook-ingress.service.js';
import { after, before, describe, it } from 'node:test';
import { assertProblem, createStore, createUser, listQuery, provisionTenant, schemaOf, type TestTenant } from './support/index.js';
import { PATH_TOKEN, signedWebhook, type PaymentFakeGateway } from './support/payment-fake.js';
import { hmacDigest } from '@dawa/plugin-sdk';
import {
  drainOutbox,
  enableGateways,
  postWebhook,
  PUBLIC_URL,
  SIGNED_PLUGIN,
  startPaymentsApp,
  TOKEN_PLUGIN,
} from './support/payment-fixtures.js';
import type { TestApp } from './support/test-app.js';

describe('webhook ingress', () => {
  let app: TestApp;
  let gateway: PaymentFakeGateway;
  let alpha: TestTenant;
  let beta: TestTenant;
  const owner = (t: TestTenant) => ({ tenant: t.slug, token: t.ownerToken });
  const inboxCount = async (t: TestTenant) =>
    Number((await app.sql<{ n: string }>(`select count(*) as n from "${await schemaOf(app, t.slug)}".webhook_inbox`))[0].n);

  before(async () => {
    ({ app, gateway } = await startPaymentsApp());
    alpha = await provisionTenant(app, 'wh-alpha');
    beta = await provisionTenant(app, 'wh-beta');
    await enableGateways(app, alpha);
  });
  after(async () => {
    await app?.close();
    await gateway?.stop();
  });

  it('verifies the exact bytes the vendor sent, whatever their content type, and stores each event once', async () => {
    const event = { id: 'evt_raw_1', type: 'payment.pending' as const, ref: 'fx_unknown' };
    // Odd spacing: re-serialising the JSON would change the bytes and break the signature.
    const body = Buffer.from(`{ "id" : "${event.id}",  "type":"${event.type}", "ref": "${event.ref}", "created_at": 1763700000 }`);
    const { headers } = signedWebhook(event);
    headers['x-fixture-signature'] = hmacDigest('sha256', 'whsec-test-1', body, 'hex');
    const first = await postWebhook(app, `${alpha.slug}/${SIGNED_PLUGIN}`, body, headers);
    assert.equal(first.status, 200, JSON.stringify(first.body));
    assert.deepEqual(first.body, { received: 1, duplicates: 0 });
    // The same bytes as a form post (Twilio's content type) still reach the plugin untouched.
    const asForm = await postWebhook(app, `${alpha.slug}/${SIGNED_PLUGIN}`, body, {
      ...headers,
      'content-type': 'application/x-www-form-urlencoded',
    });
    assert.deepEqual(asForm.body, { received: 0, duplicates: 1 });
    const asText = await postWebhook(app, `${alpha.slug}/${SIGNED_PLUGIN}`, body, { ...headers, 'content-type': 'text/plain' });
    assert.deepEqual(asText.body, { received: 0, duplicates: 1 });
    assert.equal(await inboxCount(alpha), 1);
    // Other routes still parse JSON as before.
    assert.equal((await app.api.get('/api/v1/plugins', owner(alpha))).status, 200);
  });

  it('answers 404 and stores nothing for an unknown tenant, a plugin not enabled, or one that takes no webhooks', async () => {
    const { body, headers } = signedWebhook({ id: 'evt_404', type: 'payment.pending', ref: 'fx_1' });
    const before = await inboxCount(alpha);
    assertProblem(await postWebhook(app, `no-such-chain/${SIGNED_PLUGIN}`, body, headers), 404);
    assertProblem(await postWebhook(app, `${beta.slug}/${SIGNED_PLUGIN}`, body, headers), 404);
    assertProblem(await postWebhook(app, `${alpha.slug}/tax-india-gst`, body, headers), 404);
    assertProblem(await postWebhook(app, `${alpha.slug}/not-a-plugin`, body, headers), 404);
    assert.equal(await inboxCount(alpha), before);
    assert.equal(await inboxCount(beta), 0);
    // A suspended chain's vendors learn nothing more than an unknown chain's.
    await app.sql(`update public.tenant set status = 'suspended' where id = $1`, [alpha.id]);
    try {
      assertProblem(await postWebhook(app, `${alpha.slug}/${SIGNED_PLUGIN}`, body, headers), 404);
    } finally {
      await app.sql(`update public.tenant set status = 'active' where id = $1`, [alpha.id]);
    }
    assert.equal(await inboxCount(alpha), before);
  });

  it('refuses forged and unsigned deliveries with a 401 and records each refusal without its body', async () => {
    const { body, headers } = signedWebhook({ id: 'evt_forged', type: 'payment.succeeded', ref: 'fx_1', amount: 100 });
    const forged = await postWebhook(app, `${alpha.slug}/${SIGNED_PLUGIN}`, body, { ...headers, 'x-fixture-signature': '0'.repeat(64) });
    assertProblem(forged, 401, 'webhook-unverified');
    const unsigned = await postWebhook(app, `${alpha.slug}/${SIGNED_PLUGIN}`, body, { 'content-type': 'application/json' });
    assertProblem(unsigned, 401, 'webhook-unverified');
    const otherSecret = signedWebhook({ id: 'evt_forged', type: 'payment.succeeded', ref: 'fx_1', amount: 100 }, 'someone-elses-secret');
    assertProblem(await postWebhook(app, `${alpha.slug}/${SIGNED_PLUGIN}`, otherSecret.body, otherSecret.headers), 401);

    const refusals = await app.api.get(`/api/v1/webhooks/refusals${listQuery({ filter: { plugin: SIGNED_PLUGIN } })}`, owner(alpha));
    assert.equal(refusals.status, 200);
    assert.equal(refusals.body.length, 3);
    assert.match(refusals.body[0].reason, /x-fixture-signature/);
    assert.match(refusals.body[0].bodySha256, /^[0-9a-f]{64}$/);
    assert.ok(refusals.body[0].remoteIp);
    assert.doesNotMatch(JSON.stringify(refusals.body), /evt_forged/);
    const stored = await app.sql(`select 1 from "${await schemaOf(app, alpha.slug)}".webhook_inbox where event_id = 'evt_forged'`);
    assert.equal(stored.length, 0);
  });

  it('keeps refusing a flood of forged deliveries but records only so many a minute', async () => {
    const { body, headers } = signedWebhook({ id: 'evt_flood', type: 'payment.succeeded', ref: 'fx_1', amount: 100 });
    const flood = await Promise.all(
      Array.from({ length: 250 }, () =>
        postWebhook(app, `${alpha.slug}/${SIGNED_PLUGIN}`, body, { ...headers, 'x-fixture-signature': '1'.repeat(64) }),
      ),
    );
    assert.deepEqual(new Set(flood.map((r) => r.status)), new Set([401]));
    const [{ count }] = await app.sql<{ count: string }>(
      `select count(*) from "${await schemaOf(app, alpha.slug)}".webhook_refusal where plugin = $1`,
      [SIGNED_PLUGIN],
    );
    // At most two one-minute windows' worth, even if the flood straddles a window boundary.
    assert.ok(Number(count) <= 2 * REFUSALS_RECORDED_PER_MINUTE, `${count} refusals recorded`);
  });

  it('refuses an unsigned-callback plugin called with a wrong or missing path token', async () => {
    const body = JSON.stringify({ id: 'evt_tok', type: 'payment.pending', ref: 'fx_1', created_at: 1763700000 });
    const json = { 'content-type': 'application/json' };
    assertProblem(await postWebhook(app, `${alpha.slug}/${TOKEN_PLUGIN}/tok_wrong_wrong_wrong_wrong`, body, json), 401);
    assertProblem(await postWebhook(app, `${alpha.slug}/${TOKEN_PLUGIN}`, body, json), 401);
    const ok = await postWebhook(app, `${alpha.slug}/${TOKEN_PLUGIN}/${PATH_TOKEN}`, body, json);
    assert.deepEqual(ok.body, { received: 1, duplicates: 0 });
    const refusals = await app.api.get(`/api/v1/webhooks/refusals${listQuery({ filter: { plugin: TOKEN_PLUGIN } })}`, owner(alpha));
    assert.equal(refusals.body.length, 2);
  });

  it('hands a messaging plugin the public URL it was called at and the form bytes, and queues its status events', async () => {
    const on = await app.api.put(
      '/api/v1/plugins/sms-status-fixture',
      { enabled: true, config: { authToken: 'auth-token-1' } },
      owner(alpha),
    );
    assert.equal(on.status, 200, JSON.stringify(on.body));
    const path = `${alpha.slug}/sms-status-fixture?attempt=1`;
    const body = 'MessageSid=SM0001&MessageStatus=delivered&To=%2B919812345678';
    const sign = (url: string) => hmacDigest('sha256', 'auth-token-1', Buffer.concat([Buffer.from(url), Buffer.from(body)]), 'base64');
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const ok = await postWebhook(app, path, body, { ...form, 'x-fixture-signature': sign(`${PUBLIC_URL}/api/v1/webhooks/${path}`) });
    assert.deepEqual(ok.body, { received: 1, duplicates: 0 });
    // Signed for another address (an attacker replaying it elsewhere): refused.
    assertProblem(
      await postWebhook(app, path, body, { ...form, 'x-fixture-signature': sign(`https://evil.example/api/v1/webhooks/${path}`) }),
      401,
    );
    const inbox = await app.api.get(`/api/v1/webhooks/inbox${listQuery({ filter: { kind: 'message-status' } })}`, owner(alpha));
    assert.deepEqual(
      inbox.body.map((e: any) => [e.plugin, e.eventId, e.eventType, e.event.status]),
      [['sms-status-fixture', 'SM0001:delivered', 'message.delivered', 'delivered']],
    );
  });

  it('caps a webhook body at 1 MiB', async () => {
    const big = Buffer.alloc(1_048_577, 'a');
    assertProblem(await postWebhook(app, `${alpha.slug}/${SIGNED_PLUGIN}`, big, { 'content-type': 'application/json' }), 413);
  });

  it('shows the inbox to owners, admins and auditors only, filtered by plugin, status and date', async () => {
    await drainOutbox(app);
    const inbox = await app.api.get(
      `/api/v1/webhooks/inbox${listQuery({ filter: { plugin: TOKEN_PLUGIN, status: 'processed' } })}`,
      owner(alpha),
    );
    assert.equal(inbox.status, 200, JSON.stringify(inbox.body));
    assert.equal(inbox.body.length, 1);
    assert.equal(inbox.body[0].eventId, 'evt_tok');
    assert.equal(inbox.body[0].outcome, 'still pending; nothing to change');
    assert.match(inbox.headers.get('content-range') ?? '', /^webhook-inbox 0-0\/1$/);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    assert.equal((await app.api.get(`/api/v1/webhooks/inbox${listQuery({ filter: { from: tomorrow } })}`, owner(alpha))).body.length, 0);
    assertProblem(await app.api.get(`/api/v1/webhooks/inbox${listQuery({ filter: { status: 'lost' } })}`, owner(alpha)), 400);

    const auditor = await createUser(app, alpha, 'auditor@wh-alpha.test', ['auditor']);
    assert.equal((await app.api.get('/api/v1/webhooks/inbox', { tenant: alpha.slug, token: auditor.token })).status, 200);
    const storeId = await createStore(app, alpha, 'WH1');
    const cashier = await createUser(app, alpha, 'cashier@wh-alpha.test', ['cashier'], [storeId]);
    assertProblem(await app.api.get('/api/v1/webhooks/inbox', { tenant: alpha.slug, token: cashier.token }), 403);
    assertProblem(await app.api.get('/api/v1/webhooks/refusals', { tenant: alpha.slug, token: cashier.token }), 403);
  });

  it("never shows one chain's inbox or refusals to another", async () => {
    const theirs = await app.api.get('/api/v1/webhooks/inbox', owner(beta));
    assert.equal(theirs.status, 200);
    assert.equal(theirs.body.length, 0);
    assert.equal((await app.api.get('/api/v1/webhooks/refusals', owner(beta))).body.length, 0);
    assertProblem(await app.api.get('/api/v1/webhooks/inbox', { tenant: alpha.slug, token: beta.ownerToken }), 401);
  });
});
