import { fetchUtils, HttpError } from 'react-admin';
import { sessionFrom, type SessionStore } from './session';

/** The API's problem+json `type` ends with this code when a refresh token was replayed: the family is revoked. */
const REUSE = 'refresh-token-reused';

export interface ApiClientOptions {
  /** `/api/v1` for a tenant, `/api/v1/platform` for operators: where `auth/refresh` lives. */
  authBase: string;
  store: SessionStore;
  /** Sent on every request (X-Tenant). */
  headers?: Record<string, string>;
  /** Called when the session is over for good (refresh refused or reused). */
  onSessionEnded(reason: 'expired' | 'reused'): void;
}

/**
 * `fetchUtils.fetchJson` with the bearer token and tenant header, refreshing the rotating refresh token once when
 * the access token expired or the API answers 401. Concurrent requests share one refresh: a second refresh with the
 * same token would look like reuse and sign everyone out.
 */
export function apiClient(options: ApiClientOptions) {
  let refreshing: Promise<boolean> | undefined;

  async function refresh(): Promise<boolean> {
    const session = options.store.get();
    if (!session) return false;
    const response = await fetch(`${options.authBase}/auth/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: JSON.stringify({ refreshToken: session.refreshToken }),
    });
    if (response.ok) {
      options.store.set(sessionFrom(await response.json()));
      return true;
    }
    // Another tab may have rotated the token while this one waited: use its result rather than replaying ours.
    const current = options.store.get();
    if (current && current.refreshToken !== session.refreshToken) return true;
    const problem = (await response.json().catch(() => ({}))) as { type?: string };
    options.store.clear();
    options.onSessionEnded(problem.type?.endsWith(REUSE) ? 'reused' : 'expired');
    return false;
  }

  function refreshOnce(): Promise<boolean> {
    refreshing ??= refresh().finally(() => (refreshing = undefined));
    return refreshing;
  }

  function withAuth(init: fetchUtils.Options = {}): fetchUtils.Options {
    const headers = new Headers(init.headers ?? { Accept: 'application/json' });
    for (const [name, value] of Object.entries(options.headers ?? {})) headers.set(name, value);
    const session = options.store.get();
    if (session) headers.set('Authorization', `Bearer ${session.accessToken}`);
    return { ...init, headers };
  }

  async function fetchJson(url: string, init: fetchUtils.Options = {}) {
    const session = options.store.get();
    if (session && Date.now() > session.expiresAt) await refreshOnce();
    try {
      return await fetchUtils.fetchJson(url, withAuth(init));
    } catch (error) {
      if (!(error instanceof HttpError) || error.status !== 401 || !options.store.get()) throw error;
      if (!(await refreshOnce())) throw error;
      return fetchUtils.fetchJson(url, withAuth(init));
    }
  }

  /** For bodies that are not JSON (the invoice PDF). */
  async function fetchBlob(url: string): Promise<Blob> {
    const session = options.store.get();
    if (session && Date.now() > session.expiresAt) await refreshOnce();
    const response = await fetch(url, { headers: withAuth().headers as Headers });
    if (!response.ok) throw new HttpError(response.statusText, response.status);
    return response.blob();
  }

  return { fetchJson, fetchBlob, refresh: refreshOnce };
}

export type ApiClient = ReturnType<typeof apiClient>;

/** The API's problem+json detail, or react-admin's message, for showing to the user. */
export function problemMessage(error: unknown): string {
  if (error instanceof HttpError) {
    const body = error.body as { detail?: string; title?: string; errors?: { field: string; message: string }[] } | undefined;
    if (body?.errors?.length) return body.errors.map((e) => `${e.field} ${e.message}`).join('; ');
    return body?.detail ?? body?.title ?? error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
