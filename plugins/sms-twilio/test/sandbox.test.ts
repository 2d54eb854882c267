import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createExtension, type MessagingProvider } from '@dawa/plugin-sdk';
import type { TwilioFake } from '../src/fake/index.js';
import twilioSms from '../src/index.js';
import { fromConfig, RECIPIENT, startFake, startWebhookReceiver, tenant } from './fixtures.js';

// As the local sandbox, the fake calls the platform back itself after a simulated delivery or failure.

describe('the Twilio fake as the local sandbox', () => {
  let fake: TwilioFake;
  let platform: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let messaging: MessagingProvider;
  const sendAndSettle = async (messageId: string, action: 'deliver' | 'fail', form: Record<string, string> = {}) => {
    const statusCallbackUrl = `${platform.baseUrl}/api/v1/webhooks/test-ke/sms-twilio?message=${messageId}`;
    const sent = await messaging.send({ messageId, channel: 'sms', to: RECIPIENT, body: 'Your order is ready', statusCallbackUrl });
    const settled = await fetch(`${fake.baseUrl}/__sandbox/messages/${sent.providerRef}/${action}`, {
      method: 'POST',
      body: new URLSearchParams(form),
    });
    const callbacks = platform.received.filter((webhook) => webhook.url === statusCallbackUrl);
    const events = (await Promise.all(callbacks.map((webhook) => messaging.parseStatusCallback(webhook)))).flat();
    return { sent, settled, events };
  };

  before(async () => {
    fake = await startFake();
    platform = await startWebhookReceiver();
    messaging = createExtension(twilioSms, 'messaging', { tenant, config: fromConfig, baseUrl: fake.baseUrl });
  });
  after(async () => {
    await fake.stop();
    await platform.stop();
  });

  it('delivers signed sent and delivered callbacks to the message’s StatusCallback, in order', async () => {
    const { sent, settled, events } = await sendAndSettle('sandbox-deliver', 'deliver');
    assert.equal(settled.status, 200);
    assert.deepEqual(
      events.map((e) => [e.providerRef, e.status]),
      [
        [sent.providerRef, 'sent'],
        [sent.providerRef, 'delivered'],
      ],
    );
    assert.equal(fake.message(sent.providerRef)?.status, 'delivered');
  });

  it('ends a message the handset could not take as undelivered with its Twilio error code', async () => {
    const { events } = await sendAndSettle('sandbox-undelivered', 'fail', { ErrorCode: '30003' });
    assert.deepEqual(
      events.map((e) => [e.status, e.errorCode]),
      [
        ['sent', undefined],
        ['undelivered', '30003'],
      ],
    );
  });

  it('ends a message Twilio could not send as failed, 30008 unless told otherwise', async () => {
    const { events } = await sendAndSettle('sandbox-failed', 'fail');
    assert.deepEqual(
      events.map((e) => [e.status, e.errorCode]),
      [['failed', '30008']],
    );
  });

  it('refuses to settle a message twice', async () => {
    const { sent } = await sendAndSettle('sandbox-twice', 'deliver');
    const again = await fetch(`${fake.baseUrl}/__sandbox/messages/${sent.providerRef}/fail`, { method: 'POST' });
    assert.equal(again.status, 409);
  });
});
