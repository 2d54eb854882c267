import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createExtension, type PluginTenant } from '../context.js';
import type { PluginProviding } from '../define-plugin.js';
import type { MessageChannel, MessagingProvider } from '../messaging.js';
import type { IncomingWebhook } from '../webhook.js';
import { rejectsWithCode } from './expect-error.js';
import { tamperedBody, withoutHeaders } from './tamper.js';

/** The plugin's fake of its vendor, running on 127.0.0.1. */
export interface MessagingFake {
  baseUrl: string;
  /** What the vendor has accepted for sending. */
  received(): Promise<Array<{ providerRef: string; to: string; body: string }>>;
  /** The signed status callback the vendor sends when a message reaches this status. */
  statusCallback(providerRef: string, status: 'delivered' | 'failed'): Promise<IncomingWebhook>;
  stop(): Promise<void>;
}

export interface MessagingContractSetup {
  tenant: PluginTenant;
  config: unknown;
  startFake(): Promise<MessagingFake>;
  /** A recipient the fake accepts on `channel` (sms unless told). */
  recipient: string;
  channel?: MessageChannel;
  /**
   * How the vendor's callbacks prove where they come from: a signature over the request (the default), or — for
   * vendors that sign nothing, such as Africa's Talking — an unguessable token as the last segment of the callback URL.
   */
  callbackAuthentication?: 'signature' | 'path-token';
}

/** The callback as if sent to the tenant's URL with the last path segment (the token) replaced, or dropped. */
function withPathToken(webhook: IncomingWebhook, token: (genuine: string) => string | undefined): IncomingWebhook {
  const url = new URL(webhook.url);
  const segments = url.pathname.split('/');
  const replaced = token(segments.pop() ?? '');
  url.pathname = [...segments, ...(replaced === undefined ? [] : [replaced])].join('/');
  return { ...webhook, url: url.toString() };
}

/** Registers the messaging contract: send, and authenticated status callbacks parsed or refused — against the fake. */
export function messagingContract(plugin: PluginProviding<'messaging'>, setup: MessagingContractSetup): void {
  describe(`messaging contract: ${plugin.name}`, () => {
    let fake: MessagingFake;
    let messaging: MessagingProvider;
    const send = (messageId: string) =>
      messaging.send({ messageId, channel: setup.channel ?? 'sms', to: setup.recipient, body: `Your order ${messageId} is ready` });

    before(async () => {
      fake = await setup.startFake();
      messaging = createExtension(plugin, 'messaging', { tenant: setup.tenant, config: setup.config, baseUrl: fake.baseUrl });
    });
    after(() => fake?.stop());

    it('sends a message the vendor receives as written', async () => {
      const sent = await send('msg-contract-send');
      assert.ok(sent.providerRef);
      assert.ok(['queued', 'sent'].includes(sent.status), sent.status);
      const received = (await fake.received()).find((m) => m.providerRef === sent.providerRef);
      assert.deepEqual(received && { to: received.to, body: received.body }, {
        to: setup.recipient,
        body: 'Your order msg-contract-send is ready',
      });
    });

    it('parses signed delivered and failed callbacks', async () => {
      for (const status of ['delivered', 'failed'] as const) {
        const sent = await send(`msg-contract-${status}`);
        const events = await messaging.parseStatusCallback(await fake.statusCallback(sent.providerRef, status));
        assert.deepEqual(
          events.map((e) => [e.providerRef, e.status]),
          [[sent.providerRef, status]],
        );
        assert.ok(events[0].eventId);
      }
    });

    if (setup.callbackAuthentication === 'path-token') {
      it('refuses a callback whose path token is wrong or missing', async () => {
        const sent = await send('msg-contract-forged');
        const callback = await fake.statusCallback(sent.providerRef, 'delivered');
        // Same length, only the last character changed: a check of a prefix, or of the length, lets it through.
        const lastCharChanged = (token: string) => token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
        await rejectsWithCode(messaging.parseStatusCallback(withPathToken(callback, lastCharChanged)), 'webhook_unverified');
        await rejectsWithCode(messaging.parseStatusCallback(withPathToken(callback, () => undefined)), 'webhook_unverified');
      });
    } else {
      it('refuses a callback whose body was altered or whose signature is missing', async () => {
        const sent = await send('msg-contract-forged');
        const callback = await fake.statusCallback(sent.providerRef, 'delivered');
        await rejectsWithCode(messaging.parseStatusCallback(tamperedBody(callback)), 'webhook_unverified');
        await rejectsWithCode(messaging.parseStatusCallback(withoutHeaders(callback)), 'webhook_unverified');
      });
    }
  });
}
