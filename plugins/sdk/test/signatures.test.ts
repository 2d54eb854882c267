import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hmacDigest, safeEqual, webhookHeader } from '../src/index.js';

// Vectors from the vendors' SDKs (docs/…/country-protocols): they pin our helpers to the real algorithms.
describe('signature helpers', () => {
  it('computes Razorpay webhook and checkout signatures', () => {
    assert.equal(
      hmacDigest('sha256', '123456', '{"a":1,"b":2,"c":{"d":3}}', 'hex'),
      '2fe04e22977002e6c7cb553adab8b460cb9e2a4970d5953cb27a8472752e3bbc',
    );
    assert.equal(
      hmacDigest('sha256', 'EnLs21M47BllR3X8PSFtjtbd', 'order_IEIaMR65cu6nz3|pay_IH4NVgf4Dreq1l', 'hex'),
      '0d4e745a1838664ad6c9c9902212a32d627d68e917290b0ad5f08ff4561bc50f',
    );
  });

  it('computes a Stripe v1 signature', () => {
    assert.equal(
      hmacDigest('sha256', 'whsec_test', '1700000000.{"id":"evt_test","object":"event"}', 'hex'),
      'c25fec335f20601dcb662f0e7c4944646158a9324bb6ed8b7f6ab126449f507a',
    );
  });

  it('computes a Twilio request signature', () => {
    const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';
    const params: Record<string, string> = {
      CallSid: 'CA1234567890ABCDE',
      Caller: '+12349013030',
      Digits: '1234',
      From: '+12349013030',
      To: '+18005551212',
    };
    const signed =
      url +
      Object.keys(params)
        .sort()
        .map((k) => k + params[k])
        .join('');
    assert.equal(hmacDigest('sha1', '12345', signed, 'base64'), '0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
  });

  it('compares signatures of any lengths without throwing', () => {
    assert.ok(safeEqual('abc', 'abc'));
    assert.ok(!safeEqual('abc', 'abd'));
    assert.ok(!safeEqual('abc', 'abcd'));
    assert.ok(!safeEqual('', 'a'));
  });

  it('reads webhook headers whatever their case and repetition', () => {
    const webhook = {
      rawBody: new Uint8Array(),
      url: 'http://x',
      headers: { 'x-razorpay-signature': 'sig', 'x-repeated': ['first', 'second'] },
    };
    assert.equal(webhookHeader(webhook, 'X-Razorpay-Signature'), 'sig');
    assert.equal(webhookHeader(webhook, 'x-repeated'), 'first');
    assert.equal(webhookHeader(webhook, 'x-missing'), undefined);
  });
});
