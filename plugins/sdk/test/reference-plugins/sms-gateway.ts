import {
  definePlugin,
  hmacDigest,
  PLUGIN_API_VERSION,
  safeEqual,
  secret,
  WebhookVerificationError,
  webhookHeader,
  z,
  type MessagingProvider,
} from '../../src/index.js';
import type { MessagingFake } from '../../src/testing/index.js';
import { json, startFakeServer } from '../../src/fakes/index.js';

// A minimal SMS gateway signing its callbacks the way Twilio does, and the plugin for it: a worked example that the
// messaging contract suite really checks.

const CALLBACK_URL = 'https://dawa.example/api/v1/webhooks/test/sms-reference';

const signature = (token: string, url: string, params: URLSearchParams) =>
  hmacDigest(
    'sha1',
    token,
    url +
      [...params.keys()]
        .sort()
        .map((key) => key + params.get(key))
        .join(''),
    'base64',
  );

export async function startSmsGatewayFake(authToken: string): Promise<MessagingFake> {
  const received: Array<{ providerRef: string; to: string; body: string }> = [];
  const server = await startFakeServer(({ headers, body }) => {
    if (headers.authorization !== `Bearer ${authToken}`) return json(401, { code: 20003, message: 'Authenticate' });
    const params = new URLSearchParams(body.toString());
    const message = { providerRef: `SM${received.length + 1}`, to: params.get('To') ?? '', body: params.get('Body') ?? '' };
    received.push(message);
    return json(201, { sid: message.providerRef, status: 'queued' });
  });
  return {
    ...server,
    received: async () => received,
    async statusCallback(providerRef, status) {
      const params = new URLSearchParams({
        MessageSid: providerRef,
        MessageStatus: status,
        ...(status === 'failed' && { ErrorCode: '30003' }),
      });
      return {
        rawBody: Buffer.from(params.toString()),
        url: CALLBACK_URL,
        headers: { 'x-signature': signature(authToken, CALLBACK_URL, params) },
      };
    },
  };
}

export default definePlugin({
  name: 'sms-reference',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  countries: 'any',
  configSchema: z.object({ authToken: secret(z.string()), sender: z.string().default('DAWA') }),
  provides: {
    messaging: ({ config, http, clock }): MessagingProvider => ({
      channels: ['sms'],
      async send({ to, body }) {
        const form = new URLSearchParams({ To: to, From: config.sender, Body: body });
        const response = await http.request({
          method: 'POST',
          path: '/messages',
          body: form.toString(),
          headers: { authorization: `Bearer ${config.authToken}`, 'content-type': 'application/x-www-form-urlencoded' },
        });
        const { sid, status } = response.json<{ sid: string; status: 'queued' }>();
        return { providerRef: sid, status };
      },
      async parseStatusCallback(webhook) {
        const params = new URLSearchParams(Buffer.from(webhook.rawBody).toString());
        const received = webhookHeader(webhook, 'x-signature');
        if (!received || !safeEqual(received, signature(config.authToken, webhook.url, params))) {
          throw new WebhookVerificationError('x-signature does not match the callback');
        }
        const providerRef = params.get('MessageSid') ?? '';
        const status = params.get('MessageStatus') as 'delivered' | 'failed';
        const errorCode = params.get('ErrorCode');
        return [{ eventId: `${providerRef}:${status}`, providerRef, status, ...(errorCode && { errorCode }), occurredAt: clock.now() }];
      },
    }),
  },
});
