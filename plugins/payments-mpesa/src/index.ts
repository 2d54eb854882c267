import { definePlugin, PLUGIN_API_VERSION } from '@dawa/plugin-sdk';
import { darajaBaseUrl, mpesaConfigSchema } from './config.js';
import { mpesaPayments } from './mpesa-payments.js';

export default definePlugin({
  name: 'payments-mpesa',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  countries: ['KE'],
  description: 'M-Pesa payments through Safaricom Daraja: STK push, callbacks confirmed by STK query, B2C refunds',
  configSchema: mpesaConfigSchema,
  baseUrl: darajaBaseUrl,
  provides: { payment: mpesaPayments },
});

export type { MpesaConfig } from './config.js';
