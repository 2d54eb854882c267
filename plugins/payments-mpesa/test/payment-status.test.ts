import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PaymentProvider } from '@dawa/plugin-sdk';
import { rejectsWithCode } from '@dawa/plugin-sdk/testing';
import type { MpesaFake, StkOutcome } from '../src/fake/index.js';
import { mpesaSetup, paymentRequest } from './fixtures.js';

describe('fetchStatus', () => {
  let fake: MpesaFake;
  let payments: PaymentProvider;
  const known = { amount: 1_250_00, currency: 'KES' };
  before(async () => ({ fake, payments } = await mpesaSetup()));
  after(() => fake.stop());

  const statusAfter = async (outcome?: StkOutcome) => {
    const intent = await payments.createPayment(paymentRequest());
    if (outcome) await fake.settlePush(intent.providerRef, outcome);
    return payments.fetchStatus(intent.providerRef, known);
  };

  it('is pending while Daraja says the transaction is being processed', async () => {
    const status = await statusAfter();
    assert.equal(status.status, 'pending');
    assert.equal(status.amountPaid, 0);
  });

  it('is succeeded, at the recorded amount, once the customer paid', async () => {
    const status = await statusAfter('pay');
    assert.deepEqual(
      { status: status.status, amount: status.amount, amountPaid: status.amountPaid },
      { status: 'succeeded', amount: 1_250_00, amountPaid: 1_250_00 },
    );
  });

  it('is cancelled when the customer dismissed the prompt, and failed for a wrong PIN, no funds or no answer', async () => {
    assert.equal((await statusAfter('cancel')).status, 'cancelled');
    for (const outcome of ['wrong-pin', 'insufficient-funds', 'unreachable'] as const) {
      assert.equal((await statusAfter(outcome)).status, 'failed', outcome);
    }
  });

  it('needs the recorded amount to report a paid push, since the STK query has none', async () => {
    const intent = await payments.createPayment(paymentRequest());
    await fake.completePayment(intent.providerRef);
    await rejectsWithCode(payments.fetchStatus(intent.providerRef), 'invalid_input', 'known.amount');
  });

  it('fails with Daraja’s error for a push it never issued', async () => {
    await rejectsWithCode(payments.fetchStatus('ws_CO_211120251130000999254708374149', known), 'mpesa_error');
  });
});
