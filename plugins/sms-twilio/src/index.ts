import { definePlugin, PLUGIN_API_VERSION } from '@dawa/plugin-sdk';
import { PLUGIN_NAME, twilioConfigSchema } from './config.js';
import { twilioMessaging } from './twilio-messaging.js';

export default definePlugin({
  name: PLUGIN_NAME,
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  countries: 'any',
  description: 'SMS through Twilio: sends with the official SDK, verifies X-Twilio-Signature on status callbacks',
  configSchema: twilioConfigSchema,
  baseUrl: () => 'https://api.twilio.com',
  provides: { messaging: twilioMessaging },
});

export type { TwilioConfig } from './config.js';
