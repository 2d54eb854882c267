import type { IncomingWebhook } from '../webhook.js';

/**
 * Sends a webhook the way a vendor does: the exact raw bytes and headers the fake signed, POSTed to the URL the
 * tenant registered. A fake running as the local sandbox uses it to call the platform back after a simulated
 * customer action; the answer's status is returned so the fake can retry as its vendor would.
 */
export async function deliverWebhook(url: string, webhook: Pick<IncomingWebhook, 'rawBody' | 'headers'>): Promise<number> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(webhook.headers))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  const response = await fetch(url, { method: 'POST', headers, body: Buffer.from(webhook.rawBody) });
  await response.arrayBuffer();
  return response.status;
}
