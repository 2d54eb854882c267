import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { darajaTimestamp } from '../src/nairobi-time.js';
import { json, startFakeServer, type FakeRequest } from '@dawa/plugin-sdk/fakes';
import type { VendorFake } from '@dawa/plugin-sdk/testing';
import { stkPassword } from '../src/daraja/stk-password.js';
import { startMpesaFake, type MpesaFake } from '../src/fake/index.js';
import { fakeOptions, SANDBOX_PASSKEY, SANDBOX_SHORT_CODE } from './fixtures.js';

/** Where the fake delivers callbacks in these tests: it keeps what it receives. */
async function startReceiver(): Promise<VendorFake & { received: FakeRequest[]; next(): Promise<FakeRequest> }> {
  const received: FakeRequest[] = [];
  const waiting: Array<(request: FakeRequest) => void> = [];
  const server = await startFakeServer((request) => {
    received.push(request);
    waiting.shift()?.(request);
    return json(200, { ResultCode: 0, ResultDesc: 'Accepted' });
  });
  return { ...server, received, next: () => new Promise((resolve) => waiting.push(resolve)) };
}

const basic = (key: string, secret: string) => `Basic ${Buffer.from(`${key}:${secret}`).toString('base64')}`;

describe('M-Pesa fake', () => {
  let fake: MpesaFake;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  before(async () => {
    fake = await startMpesaFake(fakeOptions);
    receiver = await startReceiver();
  });
  after(async () => {
    await fake.stop();
    await receiver.stop();
  });

  const token = async () => {
    const response = await fetch(`${fake.baseUrl}/oauth/v1/generate?grant_type=client_credentials`, {
      headers: { authorization: basic(fakeOptions.consumerKey, fakeOptions.consumerSecret) },
    });
    return ((await response.json()) as { access_token: string }).access_token;
  };
  const post = async (path: string, body: unknown, bearer?: string) => {
    const response = await fetch(`${fake.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer ?? (await token())}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const push = (overrides: Record<string, unknown> = {}) => {
    const timestamp = darajaTimestamp(new Date());
    return {
      BusinessShortCode: SANDBOX_SHORT_CODE,
      Password: stkPassword(SANDBOX_SHORT_CODE, SANDBOX_PASSKEY, timestamp),
      Timestamp: timestamp,
      TransactionType: 'CustomerPayBillOnline',
      Amount: 10,
      PartyA: '254708374149',
      PartyB: SANDBOX_SHORT_CODE,
      PhoneNumber: '254708374149',
      CallBackURL: `${receiver.baseUrl}/api/v1/webhooks/test-ke/payments-mpesa/secret-token`,
      AccountReference: 'INV0001',
      TransactionDesc: 'Counter sale',
      ...overrides,
    };
  };

  it('issues tokens only for the app’s Basic credentials and the client_credentials grant', async () => {
    const url = `${fake.baseUrl}/oauth/v1/generate?grant_type=client_credentials`;
    const ok = await fetch(url, { headers: { authorization: basic(fakeOptions.consumerKey, fakeOptions.consumerSecret) } });
    assert.equal(ok.status, 200);
    assert.equal(((await ok.json()) as { expires_in: string }).expires_in, '3599');
    const wrong = await fetch(url, { headers: { authorization: basic(fakeOptions.consumerKey, 'wrong') } });
    assert.equal(wrong.status, 400);
    assert.equal(((await wrong.json()) as { errorCode: string }).errorCode, '400.008.01');
    const grant = await fetch(`${fake.baseUrl}/oauth/v1/generate?grant_type=password`, {
      headers: { authorization: basic(fakeOptions.consumerKey, fakeOptions.consumerSecret) },
    });
    assert.equal(((await grant.json()) as { errorCode: string }).errorCode, '400.008.02');
  });

  it('answers an unknown bearer token with 404.001.03', async () => {
    const { status, body } = await post('/mpesa/stkpush/v1/processrequest', push(), 'made-up');
    assert.equal(status, 404);
    assert.equal(body.errorCode, '404.001.03');
    assert.equal(body.errorMessage, 'Invalid Access Token');
    assert.ok(body.requestId);
  });

  it('refuses a wrong password, timestamp, phone or fractional amount with 400.002.02', async () => {
    for (const [overrides, message] of [
      [{ Password: 'bm9wZQ==' }, 'Bad Request - Invalid Password'],
      [{ Timestamp: '20251345250000' }, 'Bad Request - Invalid Timestamp'],
      [{ PhoneNumber: '0708374149' }, 'Bad Request - Invalid PhoneNumber'],
      [{ Amount: 10.5 }, 'Bad Request - Invalid Amount'],
      [{ AccountReference: 'THIRTEEN-CHAR' }, 'Bad Request - Invalid AccountReference'],
    ] as const) {
      const { status, body } = await post('/mpesa/stkpush/v1/processrequest', push(overrides));
      assert.equal(status, 400, message);
      assert.deepEqual({ errorCode: body.errorCode, errorMessage: body.errorMessage }, { errorCode: '400.002.02', errorMessage: message });
    }
  });

  it('delivers the customer’s payment to the CallBackURL, numbers as numbers, and returns it from the sandbox route', async () => {
    const { body: pushed } = await post('/mpesa/stkpush/v1/processrequest', push());
    const checkoutRequestId = String(pushed.CheckoutRequestID);
    assert.match(checkoutRequestId, /^ws_CO_\d{17}254708374149$/);
    const query = { ...push(), CheckoutRequestID: checkoutRequestId };
    const pending = await post('/mpesa/stkpushquery/v1/query', query);
    assert.equal(pending.status, 500);
    assert.equal(pending.body.errorMessage, 'The transaction is being processed');

    const delivered = receiver.next();
    const sandbox = await fetch(`${fake.baseUrl}/__sandbox/stk/${checkoutRequestId}/pay`, { method: 'POST' });
    const shown = (await sandbox.json()) as { url: string; deliveryStatus: number; body: unknown };
    const callback = await delivered;
    assert.equal(callback.path, '/api/v1/webhooks/test-ke/payments-mpesa/secret-token');
    assert.equal(callback.headers['content-type'], 'application/json');
    assert.equal(shown.deliveryStatus, 200);
    const sent = JSON.parse(callback.body.toString()) as {
      Body: { stkCallback: { ResultCode: number; CallbackMetadata: { Item: Array<{ Name: string; Value?: unknown }> } } };
    };
    assert.deepEqual(sent, shown.body);
    assert.equal(sent.Body.stkCallback.ResultCode, 0);
    const items = Object.fromEntries(sent.Body.stkCallback.CallbackMetadata.Item.map((i) => [i.Name, i.Value]));
    assert.equal(items.Amount, 10);
    assert.equal(typeof items.TransactionDate, 'number');
    assert.equal(items.PhoneNumber, 254708374149);
    assert.match(String(items.MpesaReceiptNumber), /^[A-Z][A-Z0-9]{9}$/);

    const done = await post('/mpesa/stkpushquery/v1/query', query);
    assert.equal(done.status, 200);
    assert.equal(done.body.ResultCode, '0');
    const twice = await fetch(`${fake.baseUrl}/__sandbox/stk/${checkoutRequestId}/cancel`, { method: 'POST' });
    assert.equal(twice.status, 409);
  });

  it('completes pushes by itself after a delay when run as the sandbox', async () => {
    const sandbox = await startMpesaFake({ ...fakeOptions, autoComplete: { afterMs: 10, outcome: 'cancel' } });
    try {
      const tokenResponse = await fetch(`${sandbox.baseUrl}/oauth/v1/generate?grant_type=client_credentials`, {
        headers: { authorization: basic(fakeOptions.consumerKey, fakeOptions.consumerSecret) },
      });
      const { access_token } = (await tokenResponse.json()) as { access_token: string };
      const delivered = receiver.next();
      await fetch(`${sandbox.baseUrl}/mpesa/stkpush/v1/processrequest`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${access_token}` },
        body: JSON.stringify(push()),
      });
      const callback = JSON.parse((await delivered).body.toString());
      assert.equal(callback.Body.stkCallback.ResultCode, 1032);
      assert.equal(callback.Body.stkCallback.CallbackMetadata, undefined);
    } finally {
      await sandbox.stop();
    }
  });
});
