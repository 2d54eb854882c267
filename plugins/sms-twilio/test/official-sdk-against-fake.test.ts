import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import twilio from 'twilio';
import { FAKE_TWILIO_NUMBER, type TwilioFake } from '../src/fake/index.js';
import { ACCOUNT_SID, AUTH_TOKEN, RECIPIENT, startFake } from './fixtures.js';

// The fake is only worth testing against if Twilio's own SDK cannot tell it from Twilio.

const sdkFor = (fake: TwilioFake, authToken = AUTH_TOKEN) => {
  const client = twilio(ACCOUNT_SID, authToken);
  client.api.baseUrl = fake.baseUrl;
  return client;
};

async function rejectsWithTwilioCode(promise: Promise<unknown>, status: number, code: number) {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(error instanceof twilio.RestException, `expected a RestException, got ${String(error)}`);
    assert.deepEqual([error.status, error.code, error.moreInfo], [status, code, `https://www.twilio.com/docs/errors/${code}`]);
    return true;
  });
}

describe('the Twilio fake, driven by the official twilio SDK', () => {
  let fake: TwilioFake;
  let client: twilio.Twilio;
  before(async () => {
    fake = await startFake();
    client = sdkFor(fake);
  });
  after(() => fake.stop());

  it('creates a message and returns the resource Twilio returns', async () => {
    const message = await client.messages.create({ to: RECIPIENT, from: FAKE_TWILIO_NUMBER, body: 'Your prescription is ready' });
    assert.match(message.sid, /^SM[0-9a-f]{32}$/);
    assert.equal(message.status, 'queued');
    assert.equal(message.direction, 'outbound-api');
    assert.equal(message.numSegments, '1');
    assert.equal(message.accountSid, ACCOUNT_SID);
    assert.ok(message.dateCreated instanceof Date && !Number.isNaN(message.dateCreated.getTime()), 'date_created is an RFC 2822 date');
    assert.equal(message.uri, `/2010-04-01/Accounts/${ACCOUNT_SID}/Messages/${message.sid}.json`);
  });

  it('fetches a message by SID and answers 20404 for one it never sent', async () => {
    const created = await client.messages.create({ to: RECIPIENT, from: FAKE_TWILIO_NUMBER, body: 'Refill reminder' });
    const fetched = await client.messages(created.sid).fetch();
    assert.deepEqual(
      [fetched.sid, fetched.to, fetched.from, fetched.body],
      [created.sid, RECIPIENT, FAKE_TWILIO_NUMBER, 'Refill reminder'],
    );
    await rejectsWithTwilioCode(client.messages(`SM${'0'.repeat(32)}`).fetch(), 404, 20404);
  });

  it('lists messages newest first, filtered by recipient, across pages', async () => {
    const to = '+254700000111';
    for (const n of [1, 2, 3, 4, 5]) await client.messages.create({ to, from: FAKE_TWILIO_NUMBER, body: `Batch ${n}` });
    const listed = await client.messages.list({ to, pageSize: 2 });
    assert.deepEqual(
      listed.map((m) => m.body),
      ['Batch 5', 'Batch 4', 'Batch 3', 'Batch 2', 'Batch 1'],
    );
    assert.equal((await client.messages.list({ to, limit: 3 })).length, 3);
  });

  it('refuses a wrong auth token with a RestException carrying code 20003', async () => {
    await rejectsWithTwilioCode(sdkFor(fake, 'not-the-token').messages.list({ limit: 1 }), 401, 20003);
  });

  it('refuses an invalid To with 21211, a missing body with 21602, a foreign From with 21606', async () => {
    await rejectsWithTwilioCode(client.messages.create({ to: '0712345678', from: FAKE_TWILIO_NUMBER, body: 'Hi' }), 400, 21211);
    await rejectsWithTwilioCode(client.messages.create({ to: RECIPIENT, from: FAKE_TWILIO_NUMBER }), 400, 21602);
    await rejectsWithTwilioCode(client.messages.create({ to: RECIPIENT, from: '+15005550001', body: 'Hi' }), 400, 21606);
  });

  it('answers 21604 when To is missing (the SDK itself refuses to send that)', async () => {
    const response = await fetch(`${fake.baseUrl}/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}` },
      body: new URLSearchParams({ From: FAKE_TWILIO_NUMBER, Body: 'Hi' }),
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { code: number }).code, 21604);
  });

  it('refuses with 21610 to message someone who texted STOP', async () => {
    const optedOut = '+254722000610';
    await client.messages.create({ to: optedOut, from: FAKE_TWILIO_NUMBER, body: 'Before STOP' });
    const stop = await fetch(`${fake.baseUrl}/__sandbox/stop`, { method: 'POST', body: new URLSearchParams({ From: optedOut }) });
    assert.equal(stop.status, 200);
    await rejectsWithTwilioCode(client.messages.create({ to: optedOut, from: FAKE_TWILIO_NUMBER, body: 'After STOP' }), 400, 21610);
  });
});
