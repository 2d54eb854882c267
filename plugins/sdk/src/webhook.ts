/**
 * A webhook or callback exactly as it arrived at `POST /api/v1/webhooks/:tenant/:plugin`. Signatures are computed over
 * the raw bytes, so the host never hands a plugin a re-serialised body.
 */
export interface IncomingWebhook {
  rawBody: Uint8Array;
  /** As node gives them: lower-case names, repeated headers as arrays. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The full URL the vendor called, query included (Twilio signs it; M-Pesa callbacks carry a path token). */
  url: string;
}

/** A header's value, the first one if it was repeated. */
export function webhookHeader(webhook: IncomingWebhook, name: string): string | undefined {
  const value = webhook.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}
