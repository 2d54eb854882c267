import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createExtension, type IncomingWebhook, type MessagingProvider } from '@dawa/plugin-sdk';
import { rejectsWithCode } from '@dawa/plugin-sdk/testing';
import twilio from 'twilio';
import type { TwilioFake } from '../src/fake/index.js';
import twilioSms from '../src/index.js';
import { twilioSignature } from '../src/twilio-signature.js';
import { AUTH_TOKEN, CALLBACK_URL, fromConfig, RECIPIENT, startFake, tenant } from './fixtures.js';

const SID = 'SM0123456789abcdef0123456789abcdef';
const fixedClock = { now: () => new Date('2026-11-21T09:00:00Z') };
const messaging = createExtension(twilioSms, 'messaging', { tenant, config: fromConfig, clock: fixedClock });

/** A callback signed the way the official SDK computes Twilio's signature. */
function signedBySdk(fields: Record<string, string>, url = CALLBACK_URL, authToken = AUTH_TOKEN): IncomingWebhook {
  return {
    url,
    rawBody: Buffer.from(new URLSearchParams(fields).toString()),
    headers: { 'x-twilio-signature': twilio.getExpectedTwilioSignature(authToken, url, fields) },
  };
}

const formFields = (webhook: IncomingWebhook) => Object.fromEntries(new URLSearchParams(Buffer.from(webhook.rawBody).toString()));

describe("Twilio's request signature", () => {
  it("matches the vector computed from Twilio's documented example", () => {
    const params = new URLSearchParams({
      CallSid: 'CA1234567890ABCDE',
      Caller: '+12349013030',
      Digits: '1234',
      From: '+12349013030',
      To: '+18005551212',
    });
    assert.equal(twilioSignature('12345', 'https://mycompany.com/myapp.php?foo=1&bar=2', params), '0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  describe("the fake's callbacks", () => {
    let fake: TwilioFake;
    let messagingOnFake: MessagingProvider;
    before(async () => {
      fake = await startFake();
      messagingOnFake = createExtension(twilioSms, 'messaging', { tenant, config: fromConfig, baseUrl: fake.baseUrl });
    });
    after(() => fake.stop());

    it("pass the official SDK's validateRequest", async () => {
      for (const status of ['delivered', 'failed'] as const) {
        const statusCallbackUrl = `${CALLBACK_URL}?msg=${status}`;
        const sent = await messagingOnFake.send({ messageId: status, channel: 'sms', to: RECIPIENT, body: 'Ready', statusCallbackUrl });
        const callback = await fake.statusCallback(sent.providerRef, status);
        assert.equal(callback.url, statusCallbackUrl);
        assert.ok(twilio.validateRequest(AUTH_TOKEN, String(callback.headers['x-twilio-signature']), callback.url, formFields(callback)));
      }
    });
  });
});

describe('parsing a status callback', () => {
  it('accepts a signature made by the official SDK and maps the status, error code and event id', async () => {
    const events = await messaging.parseStatusCallback(
      signedBySdk({ MessageSid: SID, MessageStatus: 'undelivered', ErrorCode: '30003', To: RECIPIENT, AccountSid: fromConfig.accountSid }),
    );
    assert.deepEqual(events, [
      { eventId: `${SID}:undelivered`, providerRef: SID, status: 'undelivered', errorCode: '30003', occurredAt: fixedClock.now() },
    ]);
  });

  it("maps Twilio's statuses to Dawa's, keeping distinct event ids for statuses that map alike", async () => {
    const parsed = async (twilioStatus: string) =>
      (await messaging.parseStatusCallback(signedBySdk({ MessageSid: SID, MessageStatus: twilioStatus })))[0];
    const mapped = await Promise.all(['accepted', 'queued', 'sending', 'sent', 'delivered', 'read', 'failed', 'canceled'].map(parsed));
    assert.deepEqual(
      mapped.map((e) => e.status),
      ['queued', 'queued', 'queued', 'sent', 'delivered', 'read', 'failed', 'failed'],
    );
    assert.equal(new Set(mapped.map((e) => e.eventId)).size, mapped.length);
  });

  it('acknowledges a status about no message Dawa sent with no events', async () => {
    assert.deepEqual(await messaging.parseStatusCallback(signedBySdk({ MessageSid: SID, MessageStatus: 'received' })), []);
  });

  it('verifies against the URL with or without its default port, as proxies differ', async () => {
    const signedWithoutPort = signedBySdk(
      { MessageSid: SID, MessageStatus: 'sent' },
      'https://dawa.example/api/v1/webhooks/test-ke/sms-twilio',
    );
    const calledWithPort = { ...signedWithoutPort, url: 'https://dawa.example:443/api/v1/webhooks/test-ke/sms-twilio' };
    assert.equal((await messaging.parseStatusCallback(calledWithPort)).length, 1);
  });

  it('refuses a callback with an altered parameter, an altered URL, a missing header or another account’s token', async () => {
    const genuine = signedBySdk({ MessageSid: SID, MessageStatus: 'failed', ErrorCode: '30008' });
    const alteredParam = {
      ...genuine,
      rawBody: Buffer.from(new URLSearchParams({ MessageSid: SID, MessageStatus: 'delivered', ErrorCode: '30008' }).toString()),
    };
    const alteredUrl = { ...genuine, url: `${CALLBACK_URL.replace('test-ke', 'other-tenant')}` };
    const alteredQuery = { ...genuine, url: `${CALLBACK_URL}?msg=forged` };
    const unsigned = { ...genuine, headers: {} };
    const otherToken = signedBySdk({ MessageSid: SID, MessageStatus: 'failed' }, CALLBACK_URL, 'another-accounts-token');
    for (const forged of [alteredParam, alteredUrl, alteredQuery, unsigned, otherToken]) {
      await rejectsWithCode(messaging.parseStatusCallback(forged), 'webhook_unverified');
    }
  });

  it('refuses a correctly signed callback that names no message', async () => {
    await rejectsWithCode(messaging.parseStatusCallback(signedBySdk({ MessageStatus: 'sent' })), 'invalid_input', 'MessageSid');
  });
});
