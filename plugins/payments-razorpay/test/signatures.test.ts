import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkoutSignature, verifyCheckoutSignature, webhookSignature } from '../src/index.js';

// The vectors from the research notes, recomputed from Razorpay's documented algorithm: they pin both signatures.
const checkoutVector = {
  keySecret: 'EnLs21M47BllR3X8PSFtjtbd',
  orderId: 'order_IEIaMR65cu6nz3',
  paymentId: 'pay_IH4NVgf4Dreq1l',
  signature: '0d4e745a1838664ad6c9c9902212a32d627d68e917290b0ad5f08ff4561bc50f',
};
const webhookVector = {
  secret: '123456',
  body: '{"a":1,"b":2,"c":{"d":3}}',
  signature: '2fe04e22977002e6c7cb553adab8b460cb9e2a4970d5953cb27a8472752e3bbc',
};

describe('Razorpay signatures', () => {
  it('signs a webhook body as Razorpay does', () => {
    assert.equal(webhookSignature(webhookVector.secret, webhookVector.body), webhookVector.signature);
    assert.equal(webhookSignature(webhookVector.secret, Buffer.from(webhookVector.body)), webhookVector.signature);
  });

  it('signs order_id|payment_id as Checkout does', () => {
    assert.equal(checkoutSignature(checkoutVector.keySecret, checkoutVector.orderId, checkoutVector.paymentId), checkoutVector.signature);
  });

  it("accepts Checkout's signature for the order and payment it was made for", () => {
    const { keySecret, ...result } = checkoutVector;
    assert.equal(verifyCheckoutSignature(result, keySecret), true);
  });

  it('refuses a checkout signature for another payment, another order, another key or in another case', () => {
    const { keySecret, ...result } = checkoutVector;
    assert.equal(verifyCheckoutSignature({ ...result, paymentId: 'pay_IH4NVgf4Dreq1m' }, keySecret), false);
    assert.equal(verifyCheckoutSignature({ ...result, orderId: 'order_IEIaMR65cu6nz4' }, keySecret), false);
    assert.equal(verifyCheckoutSignature(result, 'another-key-secret'), false);
    assert.equal(verifyCheckoutSignature({ ...result, signature: result.signature.toUpperCase() }, keySecret), false);
    assert.equal(verifyCheckoutSignature({ ...result, signature: '' }, keySecret), false);
  });
});
