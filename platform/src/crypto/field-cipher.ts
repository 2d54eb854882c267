import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for secrets kept in columns (TOTP seeds now; plugin secrets and patient fields later).
 * Stored as `v1.<iv>.<tag>.<ciphertext>` (base64url) so the key can be rotated by version later.
 */
export class FieldCipher {
  private readonly fingerprintKey: Buffer;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('FieldCipher needs a 256-bit key');
    // A separate key for lookups, so a fingerprint reveals nothing about the encryption key.
    this.fingerprintKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'dawa:field-fingerprint', 32));
  }

  /**
   * A keyed hash (HMAC-SHA-256) to find rows by an encrypted value (a phone number) without decrypting every row.
   * `context` (the tenant's id) keeps fingerprints of the same value unlinkable across tenants.
   */
  fingerprint(value: string, context = ''): string {
    return createHmac('sha256', this.fingerprintKey).update(context).update('\0').update(value).digest('base64url');
  }

  encrypt(plain: string, context = ''): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  }

  /** `context` (e.g. the owning row's id) must match the one used to encrypt: a value copied to another row fails. */
  decrypt(sealed: string, context = ''): string {
    const [version, iv, tag, data] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || data === undefined) throw new Error('Unrecognised encrypted value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
  }
}
