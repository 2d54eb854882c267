import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskPhone, toE164 } from '../src/notifications/phone-numbers.js';
import { fitSms, placeholdersIn, renderSms, smsSegments } from '../src/notifications/sms-text.js';

describe('SMS text', () => {
  it('counts parts as vendors bill them: GSM-7 160/153, extension characters twice, UCS-2 70/67', () => {
    assert.equal(smsSegments('a'.repeat(160)), 1);
    assert.equal(smsSegments('a'.repeat(161)), 2);
    assert.equal(smsSegments('a'.repeat(306)), 2);
    assert.equal(smsSegments('a'.repeat(307)), 3);
    assert.equal(smsSegments('€'.repeat(80)), 1, '€ is a GSM extension character: two septets');
    assert.equal(smsSegments('€'.repeat(81)), 2);
    assert.equal(smsSegments('धन्यवाद'.repeat(10)), 1, '70 UTF-16 units of Devanagari fit one part');
    assert.equal(smsSegments('क'.repeat(71)), 2);
    assert.equal(smsSegments('क'.repeat(135)), 3);
  });

  it('cuts a message that would run past the cap, keeping it within the parts', () => {
    const long = `Low: ${'Paracetamol 650 Tablet, '.repeat(40)}`;
    const cut = fitSms(long, 4);
    assert.equal(smsSegments(cut), 4);
    assert.ok(cut.endsWith('...') && cut.length <= 612);
    const hindi = fitSms('दवा '.repeat(200), 2);
    assert.ok(hindi.endsWith('…') && smsSegments(hindi) === 2);
    assert.equal(fitSms('short'), 'short');
  });

  it('fills placeholders as plain single-line text and drops empty ones with their space', () => {
    assert.deepEqual(placeholdersIn('Hi {{ name }}, {{total}} {{name}}'), ['name', 'total']);
    assert.equal(
      renderSms('Hi {{name}}, total {{total}}.', { name: 'Asha\nKumari <b>', total: 'INR 12.50' }),
      'Hi Asha Kumari <b>, total INR 12.50.',
    );
    assert.equal(renderSms('thank you {{customerName}}.', { customerName: '' }), 'thank you.');
    assert.equal(renderSms('{{unknown}}x', {}), 'x');
  });
});

describe('phone numbers', () => {
  it('writes what the counter typed as E.164 for the tenant’s country, or refuses it', () => {
    assert.equal(toE164('9812345678', 'IN'), '+919812345678');
    assert.equal(toE164('09812345678', 'IN'), '+919812345678');
    assert.equal(toE164('919812345678', 'IN'), '+919812345678');
    assert.equal(toE164('+91 98123-45678', 'IN'), '+919812345678');
    assert.equal(toE164('0712345678', 'KE'), '+254712345678');
    assert.equal(toE164('254712345678', 'KE'), '+254712345678');
    assert.equal(toE164('12345', 'IN'), undefined);
    assert.equal(toE164('98123456789012', 'IN'), undefined);
  });

  it('masks all but the country code and the last four digits', () => {
    assert.equal(maskPhone('+919812345678'), '+91******5678');
    assert.equal(maskPhone('+254712345678'), '+25******5678');
  });
});
