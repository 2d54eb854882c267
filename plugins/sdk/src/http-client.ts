import { PluginError } from './errors.js';

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpRequest {
  method: HttpMethod;
  /** Appended to the client's base URL as is: `/orders` on `https://api.razorpay.com/v1`. */
  path: string;
  query?: Readonly<Record<string, string | number | undefined>>;
  headers?: Readonly<Record<string, string>>;
  /** A raw body (form-encoded, XML...) — or use `json`. */
  body?: string | Uint8Array;
  /** Serialised as JSON with `content-type: application/json`. */
  json?: unknown;
  timeoutMs?: number;
}

export interface HttpResponse {
  status: number;
  /** Header names in lower case. */
  headers: Readonly<Record<string, string>>;
  body: Uint8Array;
  text(): string;
  json<T = unknown>(): T;
}

/**
 * The HTTP client a plugin talks to its vendor with. Its base URL is the vendor's by default and the host can point
 * it at the plugin's fake (tests, the local sandbox), so plugin code never builds absolute URLs itself. Non-2xx
 * answers are returned, not thrown: each vendor has its own error body for the plugin to translate.
 */
export interface HttpClient {
  readonly baseUrl: string;
  request(request: HttpRequest): Promise<HttpResponse>;
}

export interface HttpClientOptions {
  baseUrl: string;
  /** Per request unless the request says otherwise. */
  timeoutMs?: number;
}

function urlFor(baseUrl: string, request: HttpRequest): string {
  const url = `${baseUrl.replace(/\/+$/, '')}/${request.path.replace(/^\/+/, '')}`;
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(request.query ?? {})) if (value !== undefined) query.append(name, String(value));
  return query.size ? `${url}?${query}` : url;
}

export function createHttpClient({ baseUrl, timeoutMs = 15_000 }: HttpClientOptions): HttpClient {
  return {
    baseUrl,
    async request(request) {
      if (!baseUrl) throw new PluginError('no_base_url', 'This plugin has no base URL to send HTTP requests to');
      const headers: Record<string, string> = { ...request.headers };
      let body = request.body;
      if (request.json !== undefined) {
        headers['content-type'] ??= 'application/json';
        body = JSON.stringify(request.json);
      }
      const url = urlFor(baseUrl, request);
      let response: Response;
      try {
        response = await fetch(url, {
          method: request.method,
          headers,
          body,
          signal: AbortSignal.timeout(request.timeoutMs ?? timeoutMs),
        });
      } catch (cause) {
        // The vendor being down is not the caller's fault: a distinct code lets the host answer 502 and retry later.
        throw new PluginError('upstream_unavailable', `${request.method} ${url} failed: ${(cause as Error).message}`, { cause });
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      const text = () => new TextDecoder().decode(bytes);
      return {
        status: response.status,
        headers: Object.fromEntries(response.headers),
        body: bytes,
        text,
        json: <T>() => JSON.parse(text()) as T,
      };
    },
  };
}
