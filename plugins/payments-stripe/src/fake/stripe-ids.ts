import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A Stripe-shaped id: the object's prefix and 24 alphanumerics (`pi_3Pq…`, `ch_…`, `re_…`, `evt_…`, `req_…`). */
export function stripeId(prefix: string, length = 24): string {
  return `${prefix}_${[...randomBytes(length)].map((byte) => ALPHABET[byte % ALPHABET.length]).join('')}`;
}

export const unixNow = (): number => Math.floor(Date.now() / 1000);
