import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createExtension, type IncomingWebhook, type MessagingProvider } from '@dawa/plugin-sdk';
import { json, startFakeServer } from '@dawa/plugin-sdk/fakes';
import type { MessagingFake, VendorFake } from '@dawa/plugin-sdk/testing';
import africasTalking from '../src/index.js';
import { config, RECIPIENT, reportUrl, startFake, tenant } from './fixtures.js';

// As the local sandbox, the fake POSTs the delivery report to the dashboard's callback URL itself.

describe("the Africa's Talking fake as the local sandbox", () => {
  const reports: IncomingWebhook[] = [];
  let platform: VendorFake;
  let fake: MessagingFake;
  let messaging: MessagingProvider;
  const settle = async (action: 'deliver' | 'fail', form: Record<string, string> = {}) => {
    const sent = await messaging.send({ messageId: `sandbox-${action}`, channel: 'sms', to: RECIPIENT, body: 'Your order is ready' });
    const answer = await fetch(`${fake.baseUrl}/__sandbox/messages/${sent.providerRef}/${action}`, {
      method: 'POST',
      body: new URLSearchParams(form),
    });
    return { sent, answer, events: await messaging.parseStatusCallback(reports.at(-1) as IncomingWebhook) };
  };

  before(async () => {
    platform = await startFakeServer(({ path, headers, body }) => {
      reports.push({ url: `${platform.baseUrl}${path}`, headers, rawBody: body });
      return json(200, {});
    });
    fake = await startFake({ deliveryReportUrl: reportUrl(platform.baseUrl) });
    messaging = createExtension(africasTalking, 'messaging', { tenant, config, baseUrl: fake.baseUrl });
  });
  after(async () => {
    await fake.stop();
    await platform.stop();
  });

  it('reports a delivered message to the tenant’s callback URL', async () => {
    const { sent, answer, events } = await settle('deliver');
    assert.equal(answer.status, 200);
    assert.deepEqual(
      events.map((e) => [e.providerRef, e.status]),
      [[sent.providerRef, 'delivered']],
    );
  });

  it('reports an absent subscriber as undelivered', async () => {
    const { events } = await settle('fail', { status: 'AbsentSubscriber' });
    assert.deepEqual(
      events.map((e) => [e.status, e.errorCode]),
      [['undelivered', undefined]],
    );
  });
});
