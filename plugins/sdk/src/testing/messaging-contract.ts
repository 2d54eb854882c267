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
}

/** Registers the messaging contract: send, and signed status callbacks parsed or refused — against the fake. */
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

    it('refuses a callback whose body was altered or whose signature is missing', async () => {
      const sent = await send('msg-contract-forged');
      const callback = await fake.statusCallback(sent.providerRef, 'delivered');
      await rejectsWithCode(messaging.parseStatusCallback(tamperedBody(callback)), 'webhook_unverified');
      await rejectsWithCode(messaging.parseStatusCallback(withoutHeaders(callback)), 'webhook_unverified');
    });
  });
}
