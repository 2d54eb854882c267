import type { IncomingWebhook, MinorUnits } from '@dawa/plugin-sdk';
import { deliverWebhook, json, startFakeServer, type FakeRequest, type FakeResponse } from '@dawa/plugin-sdk/fakes';
import type { PaymentFake } from '@dawa/plugin-sdk/testing';
import { B2C_PAYMENT_PATH } from '../daraja/b2c.js';
import { INVALID_ACCESS_TOKEN } from '../daraja/daraja-error.js';
import { STK_PUSH_PATH, STK_QUERY_PATH } from '../daraja/stk.js';
import { b2cResultBody, stkCallbackBody } from './callback-bodies.js';
import {
  B2C_INVALID_INITIATOR,
  B2C_OUTCOMES,
  isB2cOutcome,
  isStkOutcome,
  STK_OUTCOMES,
  type B2cOutcome,
  type StkOutcome,
} from './customer-outcomes.js';
import { DarajaIds } from './daraja-ids.js';
import { b2cProblem, stkCredentialProblem, stkPushProblem, type Body } from './request-checks.js';

export interface MpesaFakeOptions {
  consumerKey: string;
  consumerSecret: string;
  shortCode: string;
  passkey: string;
  /** The B2C shortcode and initiator refunds are paid from; a wrong initiator fails in the result, as on Daraja. */
  b2c?: { shortCode: string; initiatorName: string; securityCredential: string };
  port?: number;
  /** The sandbox: every push (and B2C payment) completes by itself after `afterMs`, the callback delivered. */
  autoComplete?: { afterMs: number; outcome: StkOutcome };
  /** Seconds a token lives; Daraja says 3599. */
  tokenLifetimeSeconds?: number;
}

export interface MpesaFake extends PaymentFake {
  /** The customer answers the PIN prompt; returns the callback Daraja sends (not delivered: the test hands it over). */
  settlePush(checkoutRequestId: string, outcome: StkOutcome): Promise<IncomingWebhook>;
  /** A B2C payment ends; returns the result Daraja sends to its ResultURL. */
  settleB2c(originatorConversationId: string, outcome: B2cOutcome): Promise<IncomingWebhook>;
  /** The body the plugin sent for a push, as Daraja received it. */
  pushRequest(checkoutRequestId: string): Body | undefined;
  /** How many access tokens were asked for. */
  readonly tokenRequests: number;
  /** Daraja forgets every token it issued (as when a token is revoked early). */
  revokeTokens(): void;
}

interface Push {
  request: Body;
  merchantRequestId: string;
  outcome?: StkOutcome;
  receipt?: string;
}

interface B2cPayment {
  request: Body;
  conversationId: string;
  accepted: unknown;
  initiatorValid: boolean;
  outcome?: B2cOutcome;
}

const B2C_DEFAULTS = { shortCode: '600000', initiatorName: 'testapi', securityCredential: 'sandbox-security-credential' };

/** Safaricom Daraja in one process: OAuth, STK push and query, B2C, and the callbacks, for tests and the sandbox. */
export async function startMpesaFake(options: MpesaFakeOptions): Promise<MpesaFake> {
  const ids = new DarajaIds();
  const b2cAccount = options.b2c ?? B2C_DEFAULTS;
  const tokens = new Map<string, number>();
  const pushes = new Map<string, Push>();
  const b2cPayments = new Map<string, B2cPayment>();
  const timers = new Set<NodeJS.Timeout>();
  let tokenRequests = 0;

  const error = (status: number, errorCode: string, errorMessage: string) =>
    json(status, { requestId: ids.requestId(), errorCode, errorMessage });
  const badRequest = (problem: string) => error(400, '400.002.02', `Bad Request - ${problem}`);
  const basic = `Basic ${Buffer.from(`${options.consumerKey}:${options.consumerSecret}`).toString('base64')}`;

  const issueToken = ({ method, query, headers }: FakeRequest): FakeResponse => {
    if (method !== 'GET') return error(404, '404.001.01', 'Resource not found');
    if (query.get('grant_type') !== 'client_credentials') return error(400, '400.008.02', 'Invalid grant type passed');
    if (headers.authorization !== basic) return error(400, '400.008.01', 'Invalid Authentication passed');
    tokenRequests += 1;
    const token = ids.accessToken();
    const lifetime = options.tokenLifetimeSeconds ?? 3599;
    tokens.set(token, Date.now() + lifetime * 1000);
    return json(200, { access_token: token, expires_in: String(lifetime) });
  };

  const bearerValid = (authorization: unknown): boolean => {
    const token = /^Bearer (.+)$/.exec(String(authorization ?? ''))?.[1];
    const expiresAt = token ? tokens.get(token) : undefined;
    return expiresAt !== undefined && Date.now() < expiresAt;
  };

  const later = (afterMs: number, action: () => Promise<unknown>) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      // A push settled by hand through the sandbox route before the timer fires keeps that outcome.
      action().catch(() => undefined);
    }, afterMs);
    timers.add(timer);
  };

  /** Daraja delivers once and moves on; an unreachable callback URL is the merchant's problem. */
  const deliver = async (webhook: IncomingWebhook): Promise<number | undefined> => {
    try {
      return await deliverWebhook(webhook.url, webhook);
    } catch {
      return undefined;
    }
  };

  const webhookTo = (url: string, body: unknown): IncomingWebhook => ({
    url,
    headers: { 'content-type': 'application/json' },
    rawBody: Buffer.from(JSON.stringify(body)),
  });

  const stkPush = (body: Body): FakeResponse => {
    const problem = stkCredentialProblem(body, options.shortCode, options.passkey) ?? stkPushProblem(body);
    if (problem) return badRequest(problem);
    const checkoutRequestId = ids.checkoutRequestId(String(body.PhoneNumber), new Date());
    const push: Push = { request: body, merchantRequestId: ids.merchantRequestId() };
    pushes.set(checkoutRequestId, push);
    const { autoComplete } = options;
    if (autoComplete) later(autoComplete.afterMs, async () => deliver(await settlePush(checkoutRequestId, autoComplete.outcome)));
    return json(200, {
      MerchantRequestID: push.merchantRequestId,
      CheckoutRequestID: checkoutRequestId,
      ResponseCode: '0',
      ResponseDescription: 'Success. Request accepted for processing',
      CustomerMessage: 'Success. Request accepted for processing',
    });
  };

  const stkQuery = (body: Body): FakeResponse => {
    const problem = stkCredentialProblem(body, options.shortCode, options.passkey);
    if (problem) return badRequest(problem);
    const checkoutRequestId = String(body.CheckoutRequestID);
    const push = pushes.get(checkoutRequestId);
    if (!push) return badRequest('Invalid CheckoutRequestID');
    if (!push.outcome) return error(500, '500.001.1001', 'The transaction is being processed');
    const result = STK_OUTCOMES[push.outcome];
    return json(200, {
      ResponseCode: '0',
      ResponseDescription: 'The service request has been accepted successsfully',
      MerchantRequestID: push.merchantRequestId,
      CheckoutRequestID: checkoutRequestId,
      ResultCode: String(result.code),
      ResultDesc: result.description,
    });
  };

  const b2cPayment = (body: Body): FakeResponse => {
    const problem = b2cProblem(body, b2cAccount.shortCode);
    if (problem) return badRequest(problem);
    const originatorConversationId = String(body.OriginatorConversationID);
    // A repeated OriginatorConversationID is the same request: answered again, never paid twice.
    const known = b2cPayments.get(originatorConversationId);
    if (known) return json(200, known.accepted);
    const conversationId = ids.conversationId(new Date());
    const accepted = {
      ConversationID: conversationId,
      OriginatorConversationID: originatorConversationId,
      ResponseCode: '0',
      ResponseDescription: 'Accept the service request successfully.',
    };
    const initiatorValid = body.InitiatorName === b2cAccount.initiatorName && body.SecurityCredential === b2cAccount.securityCredential;
    b2cPayments.set(originatorConversationId, { request: body, conversationId, accepted, initiatorValid });
    if (options.autoComplete)
      later(options.autoComplete.afterMs, async () => deliver(await settleB2c(originatorConversationId, 'complete')));
    return json(200, accepted);
  };

  const settlePush = async (checkoutRequestId: string, outcome: StkOutcome): Promise<IncomingWebhook> => {
    const push = pushes.get(checkoutRequestId);
    if (!push) throw new Error(`No STK push ${checkoutRequestId}`);
    if (push.outcome) throw new Error(`STK push ${checkoutRequestId} already ended: ${push.outcome}`);
    push.outcome = outcome;
    const result = STK_OUTCOMES[outcome];
    if (result.code === 0) push.receipt = ids.receipt();
    const body = stkCallbackBody({
      merchantRequestId: push.merchantRequestId,
      checkoutRequestId,
      resultCode: result.code,
      resultDesc: result.description,
      paid: push.receipt
        ? { shillings: Number(push.request.Amount), receipt: push.receipt, at: new Date(), phone: String(push.request.PhoneNumber) }
        : undefined,
    });
    return webhookTo(String(push.request.CallBackURL), body);
  };

  const settleB2c = async (originatorConversationId: string, outcome: B2cOutcome): Promise<IncomingWebhook> => {
    const payment = b2cPayments.get(originatorConversationId);
    if (!payment) throw new Error(`No B2C payment ${originatorConversationId}`);
    if (payment.outcome) throw new Error(`B2C payment ${originatorConversationId} already ended: ${payment.outcome}`);
    payment.outcome = outcome;
    const result = payment.initiatorValid ? B2C_OUTCOMES[outcome] : B2C_INVALID_INITIATOR;
    const body = b2cResultBody({
      originatorConversationId,
      conversationId: payment.conversationId,
      resultCode: result.code,
      resultDesc: result.description,
      transactionId: result.code === 0 ? ids.receipt() : 'UNKNOWN000',
      paid:
        result.code === 0
          ? { shillings: Number(payment.request.Amount), at: new Date(), phone: String(payment.request.PartyB) }
          : undefined,
    });
    return webhookTo(String(payment.request.ResultURL), body);
  };

  /** `POST /__sandbox/stk/:id/:outcome` and `/__sandbox/b2c/:id/:outcome`: settle, deliver, and show what was sent. */
  const sandbox = async (path: string): Promise<FakeResponse> => {
    try {
      const [, , kind, id, outcome] = path.split('/').map(decodeURIComponent);
      let webhook: IncomingWebhook;
      if (kind === 'stk' && isStkOutcome(outcome)) webhook = await settlePush(id, outcome);
      else if (kind === 'b2c' && isB2cOutcome(outcome)) webhook = await settleB2c(id, outcome);
      else return json(404, { error: `No sandbox action ${path}` });
      const deliveryStatus = await deliver(webhook);
      return json(200, {
        url: webhook.url,
        deliveryStatus: deliveryStatus ?? null,
        body: JSON.parse(Buffer.from(webhook.rawBody).toString()),
      });
    } catch (cause) {
      return json(409, { error: (cause as Error).message });
    }
  };

  const routes: Record<string, (body: Body) => FakeResponse> = {
    [STK_PUSH_PATH]: stkPush,
    [STK_QUERY_PATH]: stkQuery,
    [B2C_PAYMENT_PATH]: b2cPayment,
  };

  const server = await startFakeServer(
    async (request) => {
      if (request.path === '/oauth/v1/generate') return issueToken(request);
      if (request.method === 'POST' && request.path.startsWith('/__sandbox/')) return sandbox(request.path);
      const route = routes[request.path];
      if (!route || request.method !== 'POST') return error(404, '404.001.01', 'Resource not found');
      if (!bearerValid(request.headers.authorization)) return error(404, INVALID_ACCESS_TOKEN, 'Invalid Access Token');
      let body: unknown;
      try {
        body = JSON.parse(request.body.toString('utf8'));
      } catch {
        return badRequest('Invalid JSON');
      }
      return route(body && typeof body === 'object' ? (body as Body) : {});
    },
    { port: options.port },
  );

  const refundedAmount = async (checkoutRequestId: string): Promise<MinorUnits> => {
    const receipt = pushes.get(checkoutRequestId)?.receipt;
    let shillings = 0;
    for (const payment of b2cPayments.values()) {
      const refused = payment.outcome === 'fail' || !payment.initiatorValid;
      if (receipt && payment.request.Occassion === receipt && !refused) shillings += Number(payment.request.Amount);
    }
    return shillings * 100;
  };

  return {
    baseUrl: server.baseUrl,
    completePayment: (checkoutRequestId) => settlePush(checkoutRequestId, 'pay'),
    settlePush,
    settleB2c,
    refundedAmount,
    pushRequest: (checkoutRequestId) => pushes.get(checkoutRequestId)?.request,
    get tokenRequests() {
      return tokenRequests;
    },
    revokeTokens: () => tokens.clear(),
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      await server.stop();
    },
  };
}
