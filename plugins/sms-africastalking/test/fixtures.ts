import { testTenant } from '@dawa/plugin-sdk/testing';
import type { AfricasTalkingConfig } from '../src/config.js';
import { startAfricasTalkingFake, type AfricasTalkingFakeOptions } from '../src/fake/index.js';

export const API_KEY = 'atsk_0123456789abcdef0123456789abcdef';
export const CALLBACK_TOKEN = 'q9Vd2mXr7LkP4sTz8WbN3cHf6JyG1eRa';
export const config: AfricasTalkingConfig = { username: 'dawa-pharmacy', apiKey: API_KEY, from: 'DAWA', callbackToken: CALLBACK_TOKEN };
export const tenant = testTenant('KE');
export const RECIPIENT = '+254711082282';
export const reportUrl = (origin = 'https://dawa.example') =>
  `${origin}/api/v1/webhooks/${tenant.slug}/sms-africastalking/${CALLBACK_TOKEN}`;

export const startFake = (options: Partial<AfricasTalkingFakeOptions> = {}) =>
  startAfricasTalkingFake({ username: config.username, apiKey: API_KEY, deliveryReportUrl: reportUrl(), ...options });
