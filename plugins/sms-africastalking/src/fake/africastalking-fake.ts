import { randomBytes } from 'node:crypto';
import type { IncomingWebhook } from '@dawa/plugin-sdk';
import { deliverWebhook, json, startFakeServer, type FakeRequest, type FakeResponse } from '@dawa/plugin-sdk/fakes';
import type { MessagingFake } from '@dawa/plugin-sdk/testing';

export interface AfricasTalkingFakeOptions {
  username: string;
  apiKey: string;
  port?: number;
  /** The app's registered sender IDs and short codes, accepted as `from`. */
  senderIds?: string[];
  /** The delivery-report callback URL set in the dashboard, token included. */
  deliveryReportUrl?: string;
}

interface SentSms {
  messageId: string;
  number: string;
  message: string;
  /** A final delivery report (Success, Failed...) has gone out. */
  final: boolean;
}

/** What one SMS costs in the sandbox, by country calling code (the live price list differs per network). */
const PRICES: Readonly<Record<string, string>> = { '254': 'KES 0.8000', '255': 'TZS 32.0000', '256': 'UGX 25.0000', '250': 'RWF 10.0000' };
const priceOf = (number: string) => Object.entries(PRICES).find(([code]) => number.startsWith(`+${code}`))?.[1] ?? 'USD 0.0100';
const INTERNATIONAL_NUMBER = /^\+[1-9]\d{8,14}$/;
const SANDBOX_MESSAGE_PATH = /^\/__sandbox\/messages\/(ATXid_[0-9a-f]+)\/(deliver|fail)$/;

/** Africa's Talking answers errors outside the SMS data as plain text. */
const plainText = (status: number, body: string): FakeResponse => ({ status, headers: { 'content-type': 'text/plain' }, body });

const recipient = (number: string, statusCode: number, status: string, messageId = 'None', cost = '0') => ({
  statusCode,
  number,
  status,
  cost,
  messageId,
});

/** Africa's Talking answers XML unless asked for JSON. */
function smsAnswer(
  accept: string | string[] | undefined,
  data: { Message: string; Recipients: Array<ReturnType<typeof recipient>> },
): FakeResponse {
  if (String(accept).includes('application/json')) return json(201, { SMSMessageData: data });
  const rows = data.Recipients.map(
    (r) =>
      `<Recipient>${Object.entries(r)
        .map(([k, v]) => `<${k}>${v}</${k}>`)
        .join('')}</Recipient>`,
  );
  const xml = `<?xml version="1.0" encoding="UTF-8"?><AfricasTalkingResponse><SMSMessageData><Message>${data.Message}</Message><Recipients>${rows.join('')}</Recipients></SMSMessageData></AfricasTalkingResponse>`;
  return { status: 201, headers: { 'content-type': 'application/xml' }, body: xml };
}

/**
 * Africa's Talking's SMS API for one app: `POST /version1/messaging` with the `apiKey` header, per-recipient status
 * codes, and unsigned form-encoded delivery reports to the dashboard's callback URL. As the local sandbox it takes
 * `POST /__sandbox/optout` (`phoneNumber` opts out of the app's messages) and `POST /__sandbox/messages/:id/deliver|fail`
 * (`status` Failed, Rejected, AbsentSubscriber or Expired, and `failureReason`), then POSTs the report itself.
 */
export async function startAfricasTalkingFake(options: AfricasTalkingFakeOptions): Promise<MessagingFake> {
  const sent = new Map<string, SentSms>();
  const optedOut = new Set<string>();
  const senderIds = options.senderIds ?? ['DAWA'];

  const report = (sms: SentSms, status: string, failureReason?: string): IncomingWebhook => {
    if (!options.deliveryReportUrl) throw new Error('The Africa’s Talking fake has no deliveryReportUrl to report to');
    const fields = new URLSearchParams({ id: sms.messageId, status, phoneNumber: sms.number, networkCode: '99999' });
    if (failureReason) fields.set('failureReason', failureReason);
    return {
      url: options.deliveryReportUrl,
      rawBody: Buffer.from(fields.toString()),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    };
  };

  const send = ({ headers, body }: FakeRequest): FakeResponse => {
    const form = new URLSearchParams(body.toString('utf8'));
    if (headers.apikey !== options.apiKey || form.get('username') !== options.username) {
      return plainText(401, 'The supplied authentication is invalid');
    }
    const message = form.get('message');
    const to = form.get('to');
    if (!to || !message) return plainText(400, `Request is missing required form field '${to ? 'message' : 'to'}'`);
    const from = form.get('from');
    const recipients = to.split(',').map((number) => {
      if (from && !senderIds.includes(from)) return recipient(number, 402, 'InvalidSenderId');
      if (!INTERNATIONAL_NUMBER.test(number)) return recipient(number, 403, 'InvalidPhoneNumber');
      if (optedOut.has(number)) return recipient(number, 406, 'UserInBlacklist');
      const sms = { messageId: `ATXid_${randomBytes(16).toString('hex')}`, number, message, final: false };
      sent.set(sms.messageId, sms);
      return recipient(number, 101, 'Success', sms.messageId, priceOf(number));
    });
    const accepted = recipients.filter((r) => r.statusCode === 101);
    const [currency = 'KES'] = accepted.map((r) => r.cost.split(' ')[0]);
    const total = accepted.reduce((sum, r) => sum + Number(r.cost.split(' ')[1]), 0);
    return smsAnswer(headers.accept, {
      Message: `Sent to ${accepted.length}/${recipients.length} Total Cost: ${currency} ${total.toFixed(4)}`,
      Recipients: recipients,
    });
  };

  const sandbox = async ({ path, body }: FakeRequest): Promise<FakeResponse> => {
    const form = new URLSearchParams(body.toString('utf8'));
    if (path === '/__sandbox/optout') {
      optedOut.add(form.get('phoneNumber') ?? '');
      return json(200, { phoneNumber: form.get('phoneNumber'), optedOut: true });
    }
    const [, id, action] = SANDBOX_MESSAGE_PATH.exec(path) ?? [];
    const sms = id === undefined ? undefined : sent.get(id);
    if (!sms) return json(404, { message: `No message ${id ?? path}` });
    if (sms.final) return json(409, { message: `${sms.messageId} already has a final delivery report` });
    sms.final = true;
    const status = action === 'deliver' ? 'Success' : (form.get('status') ?? 'Failed');
    const failureReason = ['Failed', 'Rejected'].includes(status) ? (form.get('failureReason') ?? 'DeliveryFailure') : undefined;
    const delivery = report(sms, status, failureReason);
    return json(200, { delivered: await deliverWebhook(delivery.url, delivery) });
  };

  const server = await startFakeServer(
    (request) => {
      if (request.method === 'POST' && request.path === '/version1/messaging') return send(request);
      if (request.method === 'POST' && request.path.startsWith('/__sandbox/')) return sandbox(request);
      return plainText(404, 'Not Found');
    },
    { port: options.port },
  );

  return {
    ...server,
    received: async () => [...sent.values()].map((sms) => ({ providerRef: sms.messageId, to: sms.number, body: sms.message })),
    async statusCallback(providerRef, status) {
      const sms = sent.get(providerRef);
      if (!sms) throw new Error(`The Africa’s Talking fake sent no message ${providerRef}`);
      sms.final = true;
      return status === 'delivered' ? report(sms, 'Success') : report(sms, 'Failed', 'DeliveryFailure');
    },
  };
}
