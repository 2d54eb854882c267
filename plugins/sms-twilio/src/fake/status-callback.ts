import { randomUUID } from 'node:crypto';
import type { IncomingWebhook } from '@dawa/plugin-sdk';
import { twilioSignature } from '../twilio-signature.js';
import { API_VERSION, type FakeMessage } from './message-resource.js';

/**
 * The status callback Twilio POSTs to a message's StatusCallback URL when its status changes: form-encoded, signed
 * over the URL and every parameter with the account's auth token.
 */
export function statusCallback(message: FakeMessage, url: string, authToken: string): IncomingWebhook {
  const params = new URLSearchParams({
    AccountSid: message.accountSid,
    ApiVersion: API_VERSION,
    From: message.from,
    MessageSid: message.sid,
    MessageStatus: message.status,
    SmsSid: message.sid,
    SmsStatus: message.status,
    To: message.to,
  });
  if (message.messagingServiceSid) params.set('MessagingServiceSid', message.messagingServiceSid);
  if (message.errorCode !== null) params.set('ErrorCode', String(message.errorCode));
  return {
    url,
    rawBody: Buffer.from(params.toString()),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      'user-agent': 'TwilioProxy/1.1',
      'i-twilio-idempotency-token': randomUUID(),
      'x-twilio-signature': twilioSignature(authToken, url, params),
    },
  };
}
