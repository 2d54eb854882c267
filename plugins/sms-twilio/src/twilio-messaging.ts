import { PluginInputError, type MessagingProvider, type PluginContext } from '@dawa/plugin-sdk';
import type { TwilioConfig } from './config.js';
import { parseStatusCallback } from './status-callback.js';
import { twilioClient } from './twilio-client.js';
import { translateTwilioError } from './twilio-errors.js';
import { messageStatus } from './twilio-status.js';

/** SMS through one tenant's Twilio account. */
export function twilioMessaging({ config, http, clock }: PluginContext<TwilioConfig>): MessagingProvider {
  const client = twilioClient(config, http.baseUrl);
  return {
    channels: ['sms'],

    async send({ channel, to, body, statusCallbackUrl }) {
      if (channel !== 'sms') throw new PluginInputError([{ field: 'channel', message: `Twilio sends sms here, not ${channel}` }]);
      const sender = config.messagingServiceSid ? { messagingServiceSid: config.messagingServiceSid } : { from: config.from };
      try {
        const message = await client.messages.create({
          to,
          body,
          ...sender,
          ...(statusCallbackUrl && { statusCallback: statusCallbackUrl }),
        });
        // A new message is accepted, scheduled or queued; nothing else comes back from a create.
        return { providerRef: message.sid, status: messageStatus(message.status) ?? 'queued' };
      } catch (error) {
        throw translateTwilioError(error);
      }
    },

    async parseStatusCallback(webhook) {
      return parseStatusCallback(webhook, config.authToken, clock);
    },
  };
}
