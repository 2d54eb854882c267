import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { randomBytes } from 'node:crypto';
import { canonicalJson, chainHash, GENESIS_HASH } from '../src/audit/hash-chain.js';
import { FieldCipher } from '../src/crypto/field-cipher.js';
import { base32Decode, base32Encode, hotp, totpAt, verifyTotp } from '../src/identity/totp.js';

describe('TOTP (RFC 6238 / RFC 4226 test vectors)', () => {
  const rfcSecret = base32Encode(Buffer.from('12345678901234567890'));

  it('produces the RFC 6238 SHA-1 codes, truncated to the 6 digits apps show', () => {
    const vectors: Array<[number, string]> = [
      [59, '287082'],
      [1111111109, '081804'],
      [1111111111, '050471'],
      [1234567890, '005924'],
      [2000000000, '279037'],
      [20000000000, '353130'],
    ];
    for (const [time, code] of vectors) assert.equal(totpAt(rfcSecret, time), code, `T=${time}`);
  });

  it('produces the RFC 4226 HOTP values', () => {
    const expected = ['755224', '287082', '359152', '969429', '338314'];
    expected.forEach((code, counter) => assert.equal(hotp(Buffer.from('12345678901234567890'), counter), code));
  });

  it('accepts one step of clock drift and nothing older', () => {
    assert.ok(verifyTotp(rfcSecret, totpAt(rfcSecret, 1000 - 30), 1000));
    assert.ok(!verifyTotp(rfcSecret, totpAt(rfcSecret, 1000 - 90), 1000));
    assert.ok(!verifyTotp(rfcSecret, 'abcdef', 1000));
  });

  it('round-trips base32', () => {
    const bytes = randomBytes(20);
    assert.deepEqual(base32Decode(base32Encode(bytes)), bytes);
  });
});

describe('field encryption', () => {
  const cipher = new FieldCipher(randomBytes(32));

  it('round-trips and never stores the plain text', () => {
    const sealed = cipher.encrypt('JBSWY3DPEHPK3PXP', 'mfa:user-1');
    assert.ok(!sealed.includes('JBSWY3DPEHPK3PXP'));
    assert.equal(cipher.decrypt(sealed, 'mfa:user-1'), 'JBSWY3DPEHPK3PXP');
  });

  it('refuses a value moved to another row or tampered with', () => {
    const sealed = cipher.encrypt('secret', 'mfa:user-1');
    assert.throws(() => cipher.decrypt(sealed, 'mfa:user-2'));
    const parts = sealed.split('.');
    parts[3] = Buffer.from('forged').toString('base64url');
    assert.throws(() => cipher.decrypt(parts.join('.'), 'mfa:user-1'));
    assert.throws(() => new FieldCipher(randomBytes(32)).decrypt(sealed, 'mfa:user-1'));
  });
});

describe('audit hash chain', () => {
  it('hashes jsonb-reordered objects identically', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } }), '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}');
  });

  it('changes the hash when any fact or the previous link changes', () => {
    const facts = {
      occurredAt: new Date(0),
      actorType: 'user',
      actorId: 'u',
      actorLabel: 'a@b',
      action: 'x',
      entityType: 'Store',
      entityId: 's',
      before: null,
      after: { n: 1 },
      ip: null,
      requestId: null,
    };
    const h = chainHash(GENESIS_HASH, facts);
    assert.notEqual(chainHash(GENESIS_HASH, { ...facts, after: { n: 2 } }), h);
    assert.notEqual(chainHash('f'.repeat(64), facts), h);
    assert.equal(chainHash(GENESIS_HASH, { ...facts }), h);
  });
});
