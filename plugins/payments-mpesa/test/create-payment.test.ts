import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PaymentProvider } from '@dawa/plugin-sdk';
import { rejectsWithCode } from '@dawa/plugin-sdk/testing';
import type { MpesaFake } from '../src/fake/index.js';
import { darajaPhoneNumber } from '../src/phone.js';
import { CALLBACK_TOKEN, callbackUrl, mpesaSetup, paymentRequest } from './fixtures.js';

describe('phone numbers', () => {
  it('accepts how Kenyans write a mobile number and gives Daraja 2547…/2541…', () => {
    for (const [written, msisdn] of [
      ['0708374149', '254708374149'],
      ['+254708374149', '254708374149'],
      ['254708374149', '254708374149'],
      ['0110123456', '254110123456'],
      ['+254110123456', '254110123456'],
      [' 0708374149 ', '254708374149'],
    ]) {
      assert.equal(darajaPhoneNumber(written), msisdn, written);
    }
  });

  it('refuses landlines, foreign numbers, short numbers and letters', () => {
    for (const written of ['0208374149', '+255708374149', '070837414', '07083741490', '2540708374149', '07O8374149', '']) {
      assert.equal(darajaPhoneNumber(written), undefined, written);
    }
  });
});

describe('createPayment', () => {
  let fake: MpesaFake;
  let payments: PaymentProvider;
  before(async () => ({ fake, payments } = await mpesaSetup()));
  after(() => fake.stop());

  it('sends the PIN prompt in whole shillings to the normalised phone and waits for the customer', async () => {
    const intent = await payments.createPayment(paymentRequest({ amount: 1_250_00, customer: { phone: '+254708374149' } }));
    assert.match(intent.providerRef, /^ws_CO_/);
    assert.deepEqual(intent.action, { type: 'await_customer', message: 'Success. Request accepted for processing' });
    assert.equal(intent.status, 'pending');
    const sent = fake.pushRequest(intent.providerRef);
    assert.equal(sent?.Amount, 1250);
    assert.equal(sent?.PhoneNumber, '254708374149');
    assert.equal(sent?.PartyA, '254708374149');
    assert.equal(sent?.PartyB, '174379');
    assert.equal(sent?.TransactionType, 'CustomerPayBillOnline');
  });

  it('asks Daraja to call back the tenant’s webhook URL ending in its secret token', async () => {
    const intent = await payments.createPayment(paymentRequest());
    assert.equal(fake.pushRequest(intent.providerRef)?.CallBackURL, `${callbackUrl}/${CALLBACK_TOKEN}`);
  });

  it('keeps the account reference and description within Daraja’s 12 and 13 characters', async () => {
    const intent = await payments.createPayment(paymentRequest({ description: 'Amoxicillin 500mg and paracetamol' }));
    const sent = fake.pushRequest(intent.providerRef);
    assert.equal(sent?.AccountReference, '0b6a3c1e6f2d');
    assert.equal(sent?.TransactionDesc, 'Amoxicillin 5');
  });

  it('pays a till with buy-goods when configured so', async () => {
    const till = await mpesaSetup({ config: { transactionType: 'CustomerBuyGoodsOnline', partyB: '5512345' } });
    try {
      const intent = await till.payments.createPayment(paymentRequest());
      const sent = till.fake.pushRequest(intent.providerRef);
      assert.equal(sent?.TransactionType, 'CustomerBuyGoodsOnline');
      assert.equal(sent?.PartyB, '5512345');
      assert.equal(sent?.BusinessShortCode, '174379');
    } finally {
      await till.fake.stop();
    }
  });

  it('refuses amounts with cents, since M-Pesa moves whole shillings', async () => {
    await rejectsWithCode(payments.createPayment(paymentRequest({ amount: 1_250_50 })), 'invalid_input', 'amount');
    await rejectsWithCode(payments.createPayment(paymentRequest({ amount: 0 })), 'invalid_input', 'amount');
  });

  it('refuses a missing or foreign phone number on customer.phone', async () => {
    await rejectsWithCode(payments.createPayment(paymentRequest({ customer: {} })), 'invalid_input', 'customer.phone');
    await rejectsWithCode(
      payments.createPayment(paymentRequest({ customer: { phone: '+14155550100' } })),
      'invalid_input',
      'customer.phone',
    );
  });

  it('refuses a currency other than shillings', async () => {
    await rejectsWithCode(payments.createPayment(paymentRequest({ currency: 'USD' })), 'invalid_input', 'currency');
  });

  it('reports Daraja’s refusal with its error code when the passkey is wrong', async () => {
    const wrong = await mpesaSetup({ config: { passkey: 'not-the-passkey' } });
    try {
      await assert.rejects(wrong.payments.createPayment(paymentRequest()), /400\.002\.02.*Invalid Password/);
    } finally {
      await wrong.fake.stop();
    }
  });
});
