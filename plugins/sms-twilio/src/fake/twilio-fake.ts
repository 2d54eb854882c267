import type { IncomingWebhook } from '@dawa/plugin-sdk';
import { deliverWebhook, json, startFakeServer, type FakeRequest, type FakeResponse } from '@dawa/plugin-sdk/fakes';
import type { MessagingFake } from '@dawa/plugin-sdk/testing';
import { E164 } from '../config.js';
import { API_VERSION, messageResource, twilioSid, type FakeMessage } from './message-resource.js';
import { statusCallback } from './status-callback.js';
import { authenticationFailed, notFound, twilioError } from './twilio-error-body.js';

/** The number the fake account owns unless told otherwise: Twilio's own test "From" number. */
export const FAKE_TWILIO_NUMBER = '+15005550006';
export const FAKE_MESSAGING_SERVICE_SID = 'MG0123456789abcdef0123456789abcdef';

export interface TwilioFakeOptions {
  accountSid: string;
  authToken: string;
  /** A fixed port for the local sandbox; any free one otherwise. */
  port?: number;
  /** The account's SMS-capable numbers, accepted as `From`. */
  numbers?: string[];
  /** The account's Messaging Services; each sends from the account's first number. */
  messagingServiceSids?: string[];
  /** The Messaging Service's status callback URL, used for messages sent without a StatusCallback of their own. */
  serviceStatusCallback?: string;
}

export interface TwilioFake extends MessagingFake {
  /** The message as Twilio's REST API would return it. */
  message(sid: string): FakeMessage | undefined;
}

/** Error codes that end a sent message as `undelivered` (the carrier or handset would not take it) rather than `failed`. */
const UNDELIVERED_ERRORS = new Set([30003, 30004, 30005, 30006, 30007]);
const FINAL_STATUSES = new Set(['delivered', 'undelivered', 'failed']);
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-f]{32})\/Messages(?:\/(SM[0-9a-f]{32}))?\.json$/;
const SANDBOX_MESSAGE_PATH = /^\/__sandbox\/messages\/(SM[0-9a-f]{32})\/(deliver|fail)$/;

/**
 * Twilio's Messages API for one account, as a local server: Basic auth, the Message resource, Twilio's validation
 * errors and codes, STOP lists, and signed status callbacks. As the local sandbox it takes `POST /__sandbox/stop`
 * (`From` = who texted STOP) and `POST /__sandbox/messages/:sid/deliver|fail` (`ErrorCode` optional), after which it
 * POSTs the signed callbacks to the message's StatusCallback as Twilio would.
 */
export async function startTwilioFake(options: TwilioFakeOptions): Promise<TwilioFake> {
  const numbers = options.numbers ?? [FAKE_TWILIO_NUMBER];
  const services = options.messagingServiceSids ?? [FAKE_MESSAGING_SERVICE_SID];
  const messages = new Map<string, FakeMessage>();
  const stopped = new Set<string>();
  const expectedAuthorization = `Basic ${Buffer.from(`${options.accountSid}:${options.authToken}`).toString('base64')}`;

  const callbackFor = (message: FakeMessage): IncomingWebhook | undefined => {
    const url = message.statusCallback ?? options.serviceStatusCallback;
    return url === undefined ? undefined : statusCallback(message, url, options.authToken);
  };

  /** Moves a message on, returning the callback for each status it passes through. */
  const advance = (message: FakeMessage, outcome: 'delivered' | 'failed', errorCode?: number) => {
    const steps: Array<[string, number | null]> = [];
    const undelivered = errorCode !== undefined && UNDELIVERED_ERRORS.has(errorCode);
    if (message.status !== 'sent' && (outcome === 'delivered' || undelivered)) steps.push(['sent', null]);
    if (outcome === 'delivered') steps.push(['delivered', null]);
    else steps.push([undelivered ? 'undelivered' : 'failed', errorCode ?? 30008]);
    return steps.map(([status, code]) => {
      const now = new Date();
      Object.assign(message, { status, errorCode: code, dateUpdated: now, dateSent: message.dateSent ?? (status === 'sent' ? now : null) });
      return callbackFor(message);
    });
  };

  const create = (accountSid: string, form: URLSearchParams): FakeResponse => {
    const to = form.get('To');
    const body = form.get('Body') ?? '';
    const from = form.get('From');
    const service = form.get('MessagingServiceSid');
    if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
    if (!body) return twilioError(400, 21602, 'Message body is required.');
    if (!from && !service) return twilioError(400, 21603, "A 'From' phone number is required.");
    if (!E164.test(to)) return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
    if (from && !numbers.includes(from)) {
      return twilioError(
        400,
        21606,
        `The From phone number ${from} is not a valid, SMS-capable inbound phone number or short code for your account.`,
      );
    }
    if (!from && service && !services.includes(service)) return twilioError(400, 21705, 'Invalid Messaging Service Sid');
    if ([...body].length > 1600) return twilioError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
    if (stopped.has(to)) return twilioError(400, 21610, 'Attempt to send to unsubscribed recipient');
    const now = new Date();
    const message: FakeMessage = {
      sid: twilioSid('SM'),
      accountSid,
      to,
      from: from ?? numbers[0],
      messagingServiceSid: service,
      body,
      // A Messaging Service first accepts the message, then picks the sender and queues it.
      status: from ? 'queued' : 'accepted',
      errorCode: null,
      statusCallback: form.get('StatusCallback'),
      dateCreated: now,
      dateUpdated: now,
      dateSent: null,
    };
    messages.set(message.sid, message);
    return json(201, messageResource(message));
  };

  const list = (accountSid: string, query: URLSearchParams): FakeResponse => {
    const pageSize = Math.min(Number(query.get('PageSize') ?? 50), 1000);
    const page = Number(query.get('Page') ?? 0);
    const matching = [...messages.values()]
      .filter((m) => (!query.get('To') || m.to === query.get('To')) && (!query.get('From') || m.from === query.get('From')))
      .reverse();
    const path = `/${API_VERSION}/Accounts/${accountSid}/Messages.json`;
    // Page links keep the filters, as Twilio's do.
    const pageUri = (n: number) => {
      const pageQuery = new URLSearchParams(query);
      pageQuery.set('PageSize', String(pageSize));
      pageQuery.set('Page', String(n));
      return `${path}?${pageQuery}`;
    };
    const start = page * pageSize;
    const rows = matching.slice(start, start + pageSize);
    return json(200, {
      messages: rows.map(messageResource),
      start,
      end: start + Math.max(rows.length - 1, 0),
      page,
      page_size: pageSize,
      uri: pageUri(page),
      first_page_uri: pageUri(0),
      next_page_uri: start + pageSize < matching.length ? pageUri(page + 1) : null,
      previous_page_uri: page > 0 ? pageUri(page - 1) : null,
    });
  };

  const sandbox = async ({ path, body }: FakeRequest): Promise<FakeResponse> => {
    const form = new URLSearchParams(body.toString('utf8'));
    if (path === '/__sandbox/stop') {
      const phoneNumber = form.get('From') ?? '';
      if (!E164.test(phoneNumber)) return json(400, { message: 'From must be the E.164 number that texted STOP' });
      stopped.add(phoneNumber);
      return json(200, { phoneNumber, optedOut: true });
    }
    const [, sid, action] = SANDBOX_MESSAGE_PATH.exec(path) ?? [];
    const message = sid === undefined ? undefined : messages.get(sid);
    if (!message) return notFound(path);
    if (FINAL_STATUSES.has(message.status)) return json(409, { message: `${message.sid} is already ${message.status}` });
    const errorCode = form.has('ErrorCode') ? Number(form.get('ErrorCode')) : undefined;
    for (const callback of advance(message, action === 'deliver' ? 'delivered' : 'failed', errorCode)) {
      // Twilio does not retry status callbacks: whatever the platform answers, the fake moves on.
      if (callback) await deliverWebhook(callback.url, callback);
    }
    return json(200, messageResource(message));
  };

  const server = await startFakeServer(
    async (request) => {
      const { method, path, headers, body, query } = request;
      if (method === 'POST' && path.startsWith('/__sandbox/')) return sandbox(request);
      const [, accountSid, sid] = MESSAGES_PATH.exec(path) ?? [];
      if (headers.authorization !== expectedAuthorization || (accountSid !== undefined && accountSid !== options.accountSid)) {
        return authenticationFailed();
      }
      if (accountSid === undefined) return notFound(path);
      if (sid !== undefined && method === 'GET') {
        const message = messages.get(sid);
        return message ? json(200, messageResource(message)) : notFound(path);
      }
      if (sid === undefined && method === 'POST') return create(accountSid, new URLSearchParams(body.toString('utf8')));
      if (sid === undefined && method === 'GET') return list(accountSid, query);
      // Redacting or deleting a message is Twilio API the plugin never uses, so the fake does not offer it.
      return twilioError(405, 20004, 'Method not allowed');
    },
    { port: options.port },
  );

  return {
    ...server,
    message: (sid) => messages.get(sid),
    received: async () => [...messages.values()].map((m) => ({ providerRef: m.sid, to: m.to, body: m.body })),
    async statusCallback(providerRef, status) {
      const message = messages.get(providerRef);
      if (!message) throw new Error(`The Twilio fake has no message ${providerRef}`);
      const callback = advance(message, status).at(-1);
      if (!callback) throw new Error(`${providerRef} has no StatusCallback and the fake no serviceStatusCallback`);
      return callback;
    },
  };
}
