import { safeEqual, WebhookVerificationError, type IncomingWebhook } from '@dawa/plugin-sdk';

/** Which payment a refund result belongs to: B2C results do not say, so the ResultURL carries it. */
const PAYMENT_PARAMETER = 'checkout';

/** The URL Daraja calls back: the platform's webhook URL for this tenant with the tenant's secret path token. */
export function tokenisedCallbackUrl(callbackUrl: string, callbackToken: string, checkoutRequestId?: string): string {
  const url = new URL(`${callbackUrl.replace(/\/+$/, '')}/${encodeURIComponent(callbackToken)}`);
  if (checkoutRequestId) url.searchParams.set(PAYMENT_PARAMETER, checkoutRequestId);
  return url.toString();
}

/**
 * M-Pesa signs nothing: a callback is only believed if its URL ends in the tenant's token (compared in constant time).
 * Returns the payment a refund result was issued for, when the URL names one.
 */
export function verifyCallbackUrl(webhook: IncomingWebhook, callbackToken: string): { checkoutRequestId?: string } {
  let url: URL;
  try {
    url = new URL(webhook.url);
  } catch {
    throw new WebhookVerificationError('M-Pesa callback URL is not a URL');
  }
  // Compared as it travels, percent-encoded: decoding what a stranger sent could throw before the comparison.
  const token = url.pathname.split('/').at(-1) ?? '';
  if (!safeEqual(token, encodeURIComponent(callbackToken)))
    throw new WebhookVerificationError('M-Pesa callback URL does not carry this tenant’s token');
  return { checkoutRequestId: url.searchParams.get(PAYMENT_PARAMETER) ?? undefined };
}
