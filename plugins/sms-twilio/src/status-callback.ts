import {
  PluginInputError,
  WebhookVerificationError,
  webhookHeader,
  type Clock,
  type IncomingWebhook,
  type MessageStatusEvent,
} from '@dawa/plugin-sdk';
import { isTwilioSignature } from './twilio-signature.js';
import { messageStatus } from './twilio-status.js';

/**
 * Turns a Twilio status callback (a signed form POST to the message's StatusCallback URL) into a status event. The
 * signature covers the full URL and every parameter, so it is checked before any parameter is believed.
 */
export function parseStatusCallback(webhook: IncomingWebhook, authToken: string, clock: Clock): MessageStatusEvent[] {
  const params = new URLSearchParams(Buffer.from(webhook.rawBody).toString('utf8'));
  const signature = webhookHeader(webhook, 'x-twilio-signature');
  if (!signature) throw new WebhookVerificationError('The Twilio status callback has no X-Twilio-Signature header');
  if (!isTwilioSignature(signature, authToken, webhook.url, params)) {
    throw new WebhookVerificationError('X-Twilio-Signature does not match the callback URL and parameters');
  }
  const providerRef = params.get('MessageSid');
  const twilioStatus = params.get('MessageStatus');
  if (!providerRef || !twilioStatus) {
    throw new PluginInputError([
      { field: providerRef ? 'MessageStatus' : 'MessageSid', message: 'missing from the Twilio status callback' },
    ]);
  }
  const status = messageStatus(twilioStatus);
  // A status about no message Dawa sent (an inbound `received`) is acknowledged and ignored.
  if (!status) return [];
  const errorCode = params.get('ErrorCode');
  return [
    {
      // Twilio reports each status of a message once (and repeats it on retry): the pair identifies the change.
      eventId: `${providerRef}:${twilioStatus}`,
      providerRef,
      status,
      ...(errorCode && { errorCode }),
      occurredAt: clock.now(),
    },
  ];
}
