import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { createExtension, type MessagingProvider } from '@dawa/plugin-sdk';
import { rejectsWithCode } from '@dawa/plugin-sdk/testing';
import { FAKE_MESSAGING_SERVICE_SID, FAKE_TWILIO_NUMBER, type TwilioFake } from '../src/fake/index.js';
import twilioSms from '../src/index.js';
import { AUTH_TOKEN, CALLBACK_URL, fromConfig, RECIPIENT, serviceConfig, startFake, tenant } from './fixtures.js';

describe('sending through Twilio', () => {
  let fake: TwilioFake;
  const messagingWith = (config: object): MessagingProvider =>
    createExtension(twilioSms, 'messaging', { tenant, config, baseUrl: fake.baseUrl });
  const sms = (to = RECIPIENT) => ({
    messageId: 'msg-1',
    channel: 'sms' as const,
    to,
    body: 'Your order is ready',
    statusCallbackUrl: CALLBACK_URL,
  });

  before(async () => {
    fake = await startFake();
  });
  after(() => fake.stop());

  it('sends from the configured number with the status callback URL of the message', async () => {
    const sent = await messagingWith(fromConfig).send(sms());
    assert.equal(sent.status, 'queued');
    const message = fake.message(sent.providerRef);
    assert.deepEqual(message && [message.to, message.from, message.body, message.statusCallback, message.messagingServiceSid], [
      RECIPIENT,
      FAKE_TWILIO_NUMBER,
      'Your order is ready',
      CALLBACK_URL,
      null,
    ]);
  });

  it('sends through the configured Messaging Service, which Twilio first reports as accepted', async () => {
    const sent = await messagingWith(serviceConfig).send(sms());
    assert.equal(sent.status, 'queued');
    assert.equal(fake.message(sent.providerRef)?.status, 'accepted');
    assert.equal(fake.message(sent.providerRef)?.messagingServiceSid, FAKE_MESSAGING_SERVICE_SID);
  });

  it("turns Twilio's invalid-number error into an input error on `to`", async () => {
    const messaging = messagingWith(fromConfig);
    await rejectsWithCode(messaging.send(sms('0712345678')), 'invalid_input', 'to');
    await assert.rejects(messaging.send(sms('0712345678')), /21211/);
  });

  it('says distinctly that the recipient has opted out, so the core can stop messaging them', async () => {
    const optedOut = '+254733000610';
    await fetch(`${fake.baseUrl}/__sandbox/stop`, { method: 'POST', body: new URLSearchParams({ From: optedOut }) });
    await rejectsWithCode(messagingWith(fromConfig).send(sms(optedOut)), 'recipient_opted_out');
  });

  it('reports a From number the account does not own as a configuration error on `from`', async () => {
    await rejectsWithCode(messagingWith({ ...fromConfig, from: '+15005550001' }).send(sms()), 'invalid_config');
    await assert.rejects(
      messagingWith({ ...fromConfig, from: '+15005550001' }).send(sms()),
      (error: { issues: Array<{ field: string; message: string }> }) => {
        assert.deepEqual(
          error.issues.map((issue) => [issue.field, issue.message.startsWith('Twilio error 21606:')]),
          [['from', true]],
        );
        return true;
      },
    );
  });

  it('reports rejected credentials as a configuration error that never contains the token', async () => {
    const wrongToken = 'wrong-token-that-must-stay-secret';
    const failure = await messagingWith({ ...fromConfig, authToken: wrongToken })
      .send(sms())
      .then(
        () => assert.fail('sent with a wrong token'),
        (error: unknown) => error,
      );
    assert.deepEqual((failure as { issues: unknown }).issues, [{ field: 'authToken', message: 'Twilio error 20003: Authenticate' }]);
    assert.ok(!inspect(failure, { depth: 10 }).includes(wrongToken));
  });

  it('reports an unreachable Twilio as upstream_unavailable without the credentials in the error', async () => {
    const messaging = createExtension(twilioSms, 'messaging', { tenant, config: fromConfig, baseUrl: 'http://127.0.0.1:9' });
    const failure = await messaging.send(sms()).then(
      () => assert.fail('sent to a closed port'),
      (error: unknown) => error,
    );
    assert.equal((failure as { code: string }).code, 'upstream_unavailable');
    const shown = inspect(failure, { depth: 10 });
    assert.ok(!shown.includes(AUTH_TOKEN) && !shown.includes(Buffer.from(`${fromConfig.accountSid}:${AUTH_TOKEN}`).toString('base64')));
  });

  it('refuses channels other than sms before calling Twilio', async () => {
    await rejectsWithCode(messagingWith(fromConfig).send({ ...sms(), channel: 'whatsapp' }), 'invalid_input', 'channel');
  });
});
