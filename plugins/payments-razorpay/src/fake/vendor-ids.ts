import { randomInt } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 14 random letters and digits, the shape of every Razorpay id after its prefix (order_IEIaMR65cu6nz3). */
export function razorpayIdSuffix(): string {
  return Array.from({ length: 14 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
}

export const razorpayId = (prefix: 'order' | 'pay' | 'rfnd' | 'acc') => `${prefix}_${razorpayIdSuffix()}`;
