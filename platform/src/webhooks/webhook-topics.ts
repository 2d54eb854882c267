import type { MessageStatusEvent, PaymentEvent } from '@dawa/plugin-sdk';

/** A provider event as it travels through the outbox: dates are ISO strings. */
export type Serialised<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] };

export const PAYMENT_WEBHOOK_TOPIC = 'webhook.payment';
export const MESSAGE_STATUS_WEBHOOK_TOPIC = 'webhook.message-status';

/** The outbox payload of a stored webhook event; `inboxId` is its `webhook_inbox` row. */
export interface WebhookEventMessage<E> {
  inboxId: string;
  plugin: string;
  event: Serialised<E>;
}

export type PaymentWebhookMessage = WebhookEventMessage<PaymentEvent>;
export type MessageStatusWebhookMessage = WebhookEventMessage<MessageStatusEvent>;
