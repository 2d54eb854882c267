import { hmacDigest, safeEqual } from '@dawa/plugin-sdk';

/** `X-Razorpay-Signature`: hex HMAC-SHA256 of the raw webhook body under the webhook secret set in the dashboard. */
export function webhookSignature(webhookSecret: string, rawBody: string | Uint8Array): string {
  return hmacDigest('sha256', webhookSecret, rawBody, 'hex');
}

/** `razorpay_signature` handed to Checkout's success handler: hex HMAC-SHA256 of `order_id|payment_id` under the key secret. */
export function checkoutSignature(keySecret: string, orderId: string, paymentId: string): string {
  return hmacDigest('sha256', keySecret, `${orderId}|${paymentId}`, 'hex');
}

export interface CheckoutResult {
  orderId: string;
  paymentId: string;
  signature: string;
}

/**
 * Checks what Razorpay Checkout hands the POS after a payment (razorpay_order_id, razorpay_payment_id,
 * razorpay_signature), in constant time, unlike the vendor SDK's `validatePaymentVerification`. A valid signature
 * proves the customer paid this order; the webhook remains what books the payment.
 */
export function verifyCheckoutSignature({ orderId, paymentId, signature }: CheckoutResult, keySecret: string): boolean {
  return safeEqual(signature, checkoutSignature(keySecret, orderId, paymentId));
}
