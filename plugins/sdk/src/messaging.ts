import type { IncomingWebhook } from './webhook.js';

/** The `messaging` extension point: SMS, WhatsApp or email through one vendor for one tenant. */
export interface MessagingProvider {
  readonly channels: readonly MessageChannel[];
  send(message: OutgoingMessage): Promise<SentMessage>;
  /**
   * Verifies a signed delivery-status callback (constant-time compare) and turns it into status events; throws
   * WebhookVerificationError when the signature does not verify.
   */
  parseStatusCallback(webhook: IncomingWebhook): Promise<MessageStatusEvent[]>;
}

export type MessageChannel = 'sms' | 'whatsapp' | 'email';

export type MessageStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed' | 'undelivered';

export interface OutgoingMessage {
  /** Dawa's id for the message, passed to the vendor where it takes a reference. */
  messageId: string;
  channel: MessageChannel;
  /** E.164 phone number (+2547…, +9198…) or email address. */
  to: string;
  body: string;
  subject?: string;
  /** Where the vendor should report delivery. */
  statusCallbackUrl?: string;
}

export interface SentMessage {
  providerRef: string;
  status: MessageStatus;
}

export interface MessageStatusEvent {
  /** Unique per status change: the inbox deduplicates on it. */
  eventId: string;
  providerRef: string;
  status: MessageStatus;
  errorCode?: string;
  occurredAt: Date;
}
