import type { IncomingWebhook } from '../webhook.js';

/** The same delivery with one bit of its body flipped: what a forger or a corrupting proxy would send. */
export function tamperedBody(webhook: IncomingWebhook): IncomingWebhook {
  const rawBody = Uint8Array.from(webhook.rawBody);
  rawBody[Math.floor(rawBody.length / 2)] ^= 1;
  return { ...webhook, rawBody };
}

/** The same delivery without any of its headers, signatures included. */
export function withoutHeaders(webhook: IncomingWebhook): IncomingWebhook {
  return { ...webhook, headers: {} };
}
