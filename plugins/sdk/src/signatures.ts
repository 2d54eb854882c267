import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Compares a received signature or token with the expected one in constant time. Both sides are hashed first, so
 * neither a differing length nor the position of the first wrong character shows in the timing.
 */
export function safeEqual(received: string, expected: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(received), digest(expected));
}

/** HMAC of a message, as vendors send it in signature headers (Razorpay and Stripe: sha256 hex; Twilio: sha1 base64). */
export function hmacDigest(
  algorithm: 'sha1' | 'sha256' | 'sha512',
  key: string | Uint8Array,
  message: string | Uint8Array,
  encoding: 'hex' | 'base64',
): string {
  return createHmac(algorithm, key).update(message).digest(encoding);
}
