import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { createExtension, createPluginContext } from '@dawa/plugin-sdk';
import { rejectsWithCode, type MessagingFake } from '@dawa/plugin-sdk/testing';
import africasTalking from '../src/index.js';
import { API_KEY, config, RECIPIENT, startFake, tenant } from './fixtures.js';

describe("sending through Africa's Talking", () => {
  let fake: MessagingFake;
  const messagingWith = (overrides: object = {}) =>
    createExtension(africasTalking, 'messaging', { tenant, config: { ...config, ...overrides }, baseUrl: fake.baseUrl });
  const sms = (to = RECIPIENT) => ({ messageId: 'msg-1', channel: 'sms' as const, to, body: 'Your order is ready' });

  before(async () => {
    fake = await startFake();
  });
  after(() => fake.stop());

  it('sends from the registered sender ID and returns the message id for delivery reports', async () => {
    const sent = await messagingWith().send(sms());
    assert.match(sent.providerRef, /^ATXid_/);
    assert.equal(sent.status, 'sent');
    assert.deepEqual((await fake.received()).at(-1), { providerRef: sent.providerRef, to: RECIPIENT, body: 'Your order is ready' });
  });

  it('reports an invalid number as an input error on `to`', async () => {
    await rejectsWithCode(messagingWith().send(sms('0711082282')), 'invalid_input', 'to');
  });

  it('says distinctly that the recipient has opted out', async () => {
    const optedOut = '+254722000406';
    await fetch(`${fake.baseUrl}/__sandbox/optout`, { method: 'POST', body: new URLSearchParams({ phoneNumber: optedOut }) });
    await rejectsWithCode(messagingWith().send(sms(optedOut)), 'recipient_opted_out');
  });

  it('reports an unregistered sender ID and a wrong API key as configuration errors, without the key', async () => {
    await rejectsWithCode(messagingWith({ from: 'NOT-OURS' }).send(sms()), 'invalid_config', 'from');
    const wrongKey = 'atsk_wrong_key_that_must_stay_secret_00';
    const failure = await messagingWith({ apiKey: wrongKey })
      .send(sms())
      .then(
        () => assert.fail('sent with a wrong API key'),
        (error: unknown) => error,
      );
    assert.deepEqual((failure as { issues: unknown }).issues, [{ field: 'apiKey', message: 'The supplied authentication is invalid' }]);
    assert.ok(!inspect(failure).includes(wrongKey) && !inspect(failure).includes(API_KEY));
  });

  it('talks to the sandbox host for the sandbox app and to the live host otherwise', () => {
    const hostFor = (username: string) => createPluginContext(africasTalking, { tenant, config: { ...config, username } }).http.baseUrl;
    assert.equal(hostFor('sandbox'), 'https://api.sandbox.africastalking.com');
    assert.equal(hostFor('dawa-pharmacy'), 'https://api.africastalking.com');
  });
});
