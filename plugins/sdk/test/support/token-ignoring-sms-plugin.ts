import { definePlugin, PLUGIN_API_VERSION, z, type MessageStatus } from '../../src/index.js';
import { json, startFakeServer } from '../../src/fakes/index.js';
import { messagingContract, testTenant, type MessagingFake } from '../../src/testing/index.js';

// Registers the messaging contract in path-token mode against a plugin for an unsigned gateway that forgets to check
// the token in its callback URL, for contract-catches-mistakes.test.ts to run in a child process.

const CALLBACK_URL = 'https://dawa.example/api/v1/webhooks/test-ke/sms-token-ignoring/0123456789abcdef0123456789abcdef';

async function startUnsignedGatewayFake(): Promise<MessagingFake> {
  const received: Array<{ providerRef: string; to: string; body: string }> = [];
  const server = await startFakeServer(({ body }) => {
    const params = new URLSearchParams(body.toString());
    received.push({ providerRef: `msg-${received.length + 1}`, to: params.get('to') ?? '', body: params.get('message') ?? '' });
    return json(201, { id: received.at(-1)?.providerRef });
  });
  return {
    ...server,
    received: async () => received,
    statusCallback: async (providerRef, status) => ({
      url: CALLBACK_URL,
      headers: {},
      rawBody: Buffer.from(new URLSearchParams({ id: providerRef, status }).toString()),
    }),
  };
}

const tokenIgnoring = definePlugin({
  name: 'sms-token-ignoring',
  version: '0.0.1',
  apiVersion: PLUGIN_API_VERSION,
  countries: 'any',
  configSchema: z.object({}),
  provides: {
    messaging: ({ http, clock }) => ({
      channels: ['sms'],
      async send({ to, body }) {
        const response = await http.request({ method: 'POST', path: '/send', body: new URLSearchParams({ to, message: body }).toString() });
        return { providerRef: response.json<{ id: string }>().id, status: 'queued' };
      },
      async parseStatusCallback(webhook) {
        const params = new URLSearchParams(Buffer.from(webhook.rawBody).toString());
        const providerRef = params.get('id') ?? '';
        const status = params.get('status') as MessageStatus;
        return [{ eventId: `${providerRef}:${status}`, providerRef, status, occurredAt: clock.now() }];
      },
    }),
  },
});

messagingContract(tokenIgnoring, {
  tenant: testTenant('KE'),
  config: {},
  startFake: startUnsignedGatewayFake,
  recipient: '+254708374149',
  callbackAuthentication: 'path-token',
});
