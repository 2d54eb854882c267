import type { IncomingWebhook } from '@dawa/plugin-sdk';
import { deliverWebhook } from '@dawa/plugin-sdk/fakes';
import type { RazorpayWebhookEvent } from '../razorpay-entities.js';
import { webhookSignature } from '../razorpay-signatures.js';
import type { PendingEvent } from './razorpay-ledger.js';
import { razorpayId, razorpayIdSuffix } from './vendor-ids.js';

/** Razorpay retries a delivery that got no 2xx for 24 hours; the sandbox retries a few times, sooner. */
const RETRY_DELAYS_MS = [1_000, 5_000, 30_000];

/** Where a webhook is posted when the fake has no webhook URL: it is then only returned, never sent. */
const UNSENT_URL = 'http://127.0.0.1/razorpay-webhook-not-delivered';

/**
 * Signs events exactly as Razorpay does (envelope JSON, `X-Razorpay-Signature` = hex HMAC-SHA256 of the raw body
 * under the webhook secret, a fresh `x-razorpay-event-id` per event) and, when given a webhook URL, posts them there.
 */
export class WebhookOutbox {
  private readonly accountId = razorpayId('acc');
  private readonly retries = new Set<NodeJS.Timeout>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly webhookSecret: string,
    private readonly webhookUrl?: string,
  ) {}

  sign(pending: PendingEvent): IncomingWebhook {
    const envelope: RazorpayWebhookEvent = {
      entity: 'event',
      account_id: this.accountId,
      event: pending.event,
      contains: Object.keys(pending.payload),
      payload: pending.payload,
      created_at: Math.floor(Date.now() / 1000),
    };
    const rawBody = Buffer.from(JSON.stringify(envelope));
    return {
      rawBody,
      url: this.webhookUrl ?? UNSENT_URL,
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Razorpay-Webhook/v1',
        'x-razorpay-event-id': razorpayIdSuffix(),
        'x-razorpay-signature': webhookSignature(this.webhookSecret, rawBody),
      },
    };
  }

  /** Signs the events and sends them in order, waiting for each first attempt; failed ones are retried later. */
  async publish(events: readonly PendingEvent[]): Promise<IncomingWebhook[]> {
    const webhooks = events.map((event) => this.sign(event));
    for (const webhook of webhooks) await this.track(this.attempt(webhook, 0));
    return webhooks;
  }

  /** Waits for deliveries under way and cancels the retries not yet due. */
  async close(): Promise<void> {
    for (const timer of this.retries) clearTimeout(timer);
    this.retries.clear();
    await Promise.all(this.inFlight);
  }

  private async attempt(webhook: IncomingWebhook, retry: number): Promise<void> {
    if (!this.webhookUrl) return;
    const status = await deliverWebhook(this.webhookUrl, webhook).catch(() => 0);
    if (status >= 200 && status < 300) return;
    const delay = RETRY_DELAYS_MS[retry];
    if (delay === undefined) return;
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      void this.track(this.attempt(webhook, retry + 1));
    }, delay).unref();
    this.retries.add(timer);
  }

  private async track(delivery: Promise<void>): Promise<void> {
    this.inFlight.add(delivery);
    try {
      await delivery;
    } finally {
      this.inFlight.delete(delivery);
    }
  }
}
