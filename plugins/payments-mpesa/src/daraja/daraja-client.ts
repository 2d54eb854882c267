import type { Clock, HttpClient, HttpResponse } from '@dawa/plugin-sdk';
import { AccessTokens } from './access-token.js';
import { darajaErrorBody, INVALID_ACCESS_TOKEN } from './daraja-error.js';

/** POSTs to Daraja with a bearer token, fetching a new token once if Daraja says the cached one is no longer valid. */
export class DarajaClient {
  private readonly tokens: AccessTokens;

  constructor(
    private readonly http: HttpClient,
    clock: Clock,
    credentials: { consumerKey: string; consumerSecret: string },
  ) {
    this.tokens = new AccessTokens(http, clock, credentials);
  }

  async post(path: string, body: unknown): Promise<HttpResponse> {
    const send = async () => {
      const token = await this.tokens.current();
      const response = await this.http.request({ method: 'POST', path, json: body, headers: { authorization: `Bearer ${token}` } });
      return { token, response };
    };
    const first = await send();
    if (!isInvalidToken(first.response)) return first.response;
    this.tokens.invalidate(first.token);
    return (await send()).response;
  }
}

function isInvalidToken(response: HttpResponse): boolean {
  return response.status >= 400 && darajaErrorBody(response).errorCode === INVALID_ACCESS_TOKEN;
}
