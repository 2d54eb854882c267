import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stkPassword } from '../src/daraja/stk-password.js';
import { darajaTimestamp, parseDarajaTimestamp } from '../src/nairobi-time.js';
import { manualClock, mpesaSetup, paymentRequest, SANDBOX_PASSKEY, SANDBOX_SHORT_CODE } from './fixtures.js';

describe('STK password and timestamp', () => {
  it('matches Daraja’s published sandbox password for shortcode 174379 at 20160216165627', () => {
    assert.equal(
      stkPassword(SANDBOX_SHORT_CODE, SANDBOX_PASSKEY, '20160216165627'),
      'MTc0Mzc5YmZiMjc5ZjlhYTliZGJjZjE1OGU5N2RkNzFhNDY3Y2QyZTBjODkzMDU5YjEwZjc4ZTZiNzJhZGExZWQyYzkxOTIwMTYwMjE2MTY1NjI3',
    );
  });

  it('stamps the push with Nairobi time from the context clock, and the password with that stamp', async () => {
    const clock = manualClock(new Date('2025-12-31T22:15:09Z'));
    const { fake, payments } = await mpesaSetup({ clock });
    try {
      const intent = await payments.createPayment(paymentRequest());
      const sent = fake.pushRequest(intent.providerRef);
      assert.equal(sent?.Timestamp, '20260101011509');
      assert.equal(sent?.Password, stkPassword(SANDBOX_SHORT_CODE, SANDBOX_PASSKEY, '20260101011509'));
    } finally {
      await fake.stop();
    }
  });

  it('reads Daraja timestamps back as Nairobi time and refuses impossible ones', () => {
    assert.equal(darajaTimestamp(new Date('2019-12-19T07:21:15Z')), '20191219102115');
    assert.deepEqual(parseDarajaTimestamp('20191219102115'), new Date('2019-12-19T07:21:15Z'));
    assert.equal(parseDarajaTimestamp('20190231102115'), undefined);
    assert.equal(parseDarajaTimestamp('2019121910211'), undefined);
  });
});
