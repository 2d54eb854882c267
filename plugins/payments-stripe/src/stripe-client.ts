import { PluginError, type PluginContext } from '@dawa/plugin-sdk';
import Stripe from 'stripe';
import type { StripeConfig } from './config.js';

export const STRIPE_API_BASE_URL = 'https://api.stripe.com';

/**
 * stripe-node for one tenant, pointed at `context.http.baseUrl`: Stripe itself, or the fake in tests and the sandbox.
 * stripe-node always appends `/v1/…`, so the base URL can only say where, not under which path.
 */
export function stripeFor({ config, http }: PluginContext<StripeConfig>): Stripe {
  const url = new URL(http.baseUrl || STRIPE_API_BASE_URL);
  if (url.pathname !== '/') throw new PluginError('invalid_base_url', `Stripe is reached at a host, not under a path: ${url.pathname}`);
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return new Stripe(config.secretKey, {
    host: url.hostname,
    port: Number(url.port) || (protocol === 'http' ? 80 : 443),
    protocol,
    timeout: 30_000,
    // Every write carries our own Idempotency-Key, so a retried request can never charge or refund twice.
    maxNetworkRetries: 2,
    telemetry: false,
    appInfo: { name: 'Dawa payments-stripe', version: '0.1.0' },
  });
}
