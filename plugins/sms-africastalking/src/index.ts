import { definePlugin, PLUGIN_API_VERSION } from '@dawa/plugin-sdk';
import { baseUrl, configSchema, PLUGIN_NAME } from './config.js';
import { parseDeliveryReport } from './delivery-report.js';
import { sendSms } from './send.js';

export default definePlugin({
  name: PLUGIN_NAME,
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  // The countries whose networks Africa's Talking lists in its delivery reports.
  countries: ['KE', 'UG', 'TZ', 'RW', 'MW', 'NG'],
  description: "SMS through Africa's Talking; delivery reports come to a per-tenant secret URL",
  configSchema,
  baseUrl,
  provides: {
    messaging: ({ config, http, clock }) => ({
      channels: ['sms'],
      // The delivery-report URL is set once in the Africa's Talking dashboard, so a message's statusCallbackUrl is not sent.
      send: (message) => sendSms(http, config, message),
      parseStatusCallback: async (webhook) => parseDeliveryReport(webhook, config.callbackToken, clock),
    }),
  },
});

export type { AfricasTalkingConfig } from './config.js';
