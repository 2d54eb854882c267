import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rejectsWithCode } from '@dawa/plugin-sdk/testing';
import { manualClock, mpesaSetup, paymentRequest } from './fixtures.js';

describe('Daraja access token', () => {
  it('is fetched once for many payments, including payments started together', async () => {
    const { fake, payments } = await mpesaSetup();
    try {
      await Promise.all([1, 2, 3].map((n) => payments.createPayment(paymentRequest({ paymentId: `pay-${n}` }))));
      await payments.createPayment(paymentRequest({ paymentId: 'pay-4' }));
      assert.equal(fake.tokenRequests, 1);
    } finally {
      await fake.stop();
    }
  });

  it('is fetched again once the cached one is about to expire', async () => {
    const clock = manualClock();
    const { fake, payments } = await mpesaSetup({ clock });
    try {
      await payments.createPayment(paymentRequest());
      clock.advance(3_500_000);
      await payments.createPayment(paymentRequest());
      assert.equal(fake.tokenRequests, 1, 'still valid for another minute and a half');
      clock.advance(60_000);
      await payments.createPayment(paymentRequest());
      assert.equal(fake.tokenRequests, 2);
    } finally {
      await fake.stop();
    }
  });

  it('is replaced once when Daraja says it is no longer valid (404.001.03), and the request goes through', async () => {
    const { fake, payments } = await mpesaSetup();
    try {
      await payments.createPayment(paymentRequest());
      fake.revokeTokens();
      const intent = await payments.createPayment(paymentRequest());
      assert.match(intent.providerRef, /^ws_CO_/);
      assert.equal(fake.tokenRequests, 2);
    } finally {
      await fake.stop();
    }
  });

  it('is not asked for in a loop when Daraja refuses every fresh token too', async () => {
    const { fake, payments } = await mpesaSetup({ fake: { tokenLifetimeSeconds: 0 } });
    try {
      await rejectsWithCode(payments.createPayment(paymentRequest()), 'mpesa_error');
      assert.equal(fake.tokenRequests, 2);
    } finally {
      await fake.stop();
    }
  });

  it('is refused with wrong app credentials, and the error names Daraja’s code, not the secret', async () => {
    const { fake, payments } = await mpesaSetup({ config: { consumerSecret: 'not-the-secret' } });
    try {
      await assert.rejects(payments.createPayment(paymentRequest()), (error: Error & { code: string }) => {
        assert.equal(error.code, 'mpesa_error');
        assert.match(error.message, /400\.008\.01/);
        assert.doesNotMatch(error.message, /not-the-secret/);
        return true;
      });
    } finally {
      await fake.stop();
    }
  });
});
