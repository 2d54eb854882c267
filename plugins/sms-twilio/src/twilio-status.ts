import type { MessageStatus } from '@dawa/plugin-sdk';

/**
 * Twilio's outbound message statuses in Dawa's terms. `accepted` and `scheduled` are a Messaging Service still choosing
 * the sender or waiting for the send time; `canceled` is a scheduled message that never left. Inbound statuses
 * (`receiving`, `received`) are not about messages Dawa sent and have no entry.
 */
const STATUSES: Readonly<Record<string, MessageStatus>> = {
  accepted: 'queued',
  scheduled: 'queued',
  queued: 'queued',
  sending: 'queued',
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  undelivered: 'undelivered',
  failed: 'failed',
  canceled: 'failed',
};

export function messageStatus(twilioStatus: string): MessageStatus | undefined {
  return Object.hasOwn(STATUSES, twilioStatus) ? STATUSES[twilioStatus] : undefined;
}
