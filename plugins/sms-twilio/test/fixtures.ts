import type { IncomingWebhook } from '@dawa/plugin-sdk';
import { json, startFakeServer } from '@dawa/plugin-sdk/fakes';
import { testTenant } from '@dawa/plugin-sdk/testing';
import type { TwilioConfig } from '../src/config.js';
import { FAKE_MESSAGING_SERVICE_SID, FAKE_TWILIO_NUMBER, startTwilioFake, type TwilioFakeOptions } from '../src/fake/index.js';

export const ACCOUNT_SID = 'AC00000000000000000000000000000254';
export const AUTH_TOKEN = 'twilio-auth-token-0123456789abcdef';
export const tenant = testTenant('KE');
export const fromConfig: TwilioConfig = { accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, from: FAKE_TWILIO_NUMBER };
export const serviceConfig: TwilioConfig = {
  accountSid: ACCOUNT_SID,
  authToken: AUTH_TOKEN,
  messagingServiceSid: FAKE_MESSAGING_SERVICE_SID,
};
export const RECIPIENT = '+254712345678';
export const CALLBACK_URL = 'https://dawa.example/api/v1/webhooks/test-ke/sms-twilio';

export const startFake = (options: Partial<TwilioFakeOptions> = {}) =>
  startTwilioFake({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, serviceStatusCallback: CALLBACK_URL, ...options });

/** The platform's webhook endpoint in miniature: keeps every POST exactly as it arrived, with the URL it was sent to. */
export async function startWebhookReceiver() {
  const received: IncomingWebhook[] = [];
  const server = await startFakeServer(({ path, query, headers, body }) => {
    received.push({ url: `${server.baseUrl}${path}${query.size ? `?${query}` : ''}`, headers, rawBody: body });
    return json(200, {});
  });
  return { ...server, received };
}
