import type { Clock, HttpClient } from '@dawa/plugin-sdk';
import { DarajaError, darajaErrorBody } from './daraja-error.js';

/** Renew this long before Daraja says the token expires, so a request never leaves with a token about to die. */
const EXPIRY_MARGIN_MS = 60_000;

interface TokenResponse {
  access_token: string;
  expires_in: string | number;
}

/**
 * Daraja's OAuth client-credentials token for one app, fetched once and reused until shortly before it expires.
 * Concurrent callers share one in-flight request: Safaricom rate-limits the token endpoint.
 */
export class AccessTokens {
  private cached?: { token: string; expiresAt: number };
  private inFlight?: Promise<string>;

  constructor(
    private readonly http: HttpClient,
    private readonly clock: Clock,
    private readonly credentials: { consumerKey: string; consumerSecret: string },
  ) {}

  current(): Promise<string> {
    if (this.cached && this.clock.now().getTime() < this.cached.expiresAt) return Promise.resolve(this.cached.token);
    this.inFlight ??= this.fetch().finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Forgets a token Daraja no longer accepts; only if it is still the cached one, so a fresher token survives. */
  invalidate(token: string): void {
    if (this.cached?.token === token) this.cached = undefined;
  }

  private async fetch(): Promise<string> {
    const basic = Buffer.from(`${this.credentials.consumerKey}:${this.credentials.consumerSecret}`).toString('base64');
    const response = await this.http.request({
      method: 'GET',
      path: '/oauth/v1/generate',
      query: { grant_type: 'client_credentials' },
      headers: { authorization: `Basic ${basic}` },
    });
    if (response.status !== 200) throw new DarajaError(response.status, darajaErrorBody(response), 'access token request');
    const body = response.json<TokenResponse>();
    const lifetimeMs = Number(body.expires_in) * 1000;
    this.cached = { token: body.access_token, expiresAt: this.clock.now().getTime() + lifetimeMs - EXPIRY_MARGIN_MS };
    return body.access_token;
  }
}
