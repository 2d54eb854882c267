import { HttpError, type AuthProvider } from 'react-admin';
import type { ApiClient } from './api-client';
import { canChange } from './roles';
import { sessionFrom, type SessionStore } from './session';

export interface Me {
  id: string;
  email: string;
  name: string;
  roles: string[];
  storeIds: string[];
  mfaEnrolmentRequired: boolean;
  tenant: { id: string; slug: string; name: string; country: string; currency: string; timezone: string };
}

export interface TenantLogin {
  email: string;
  password: string;
  totp?: string;
}

/** Thrown when the account has two-step sign-in: the login page then asks for the code and tries again. */
export class TotpRequired extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TotpRequired';
  }
}

/**
 * A tenant's staff sign-in: email + password (+ the authenticator code when the API asks for it), against the
 * chain named in the URL. Permissions are the user's roles; the API enforces them anyway.
 */
export function tenantAuthProvider(slug: string, store: SessionStore, api: ApiClient): AuthProvider {
  let me: Promise<Me> | undefined;
  const loadMe = () => (me ??= api.fetchJson('/api/v1/auth/me').then(({ json }) => json as Me));
  const forget = () => {
    me = undefined;
    store.clear();
  };

  return {
    async login({ email, password, totp }: TenantLogin) {
      const response = await fetch('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-tenant': slug },
        body: JSON.stringify({ email, password, ...(totp ? { totp } : {}) }),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) {
        if (typeof body.type === 'string' && body.type.endsWith('mfa-required')) throw new TotpRequired(body.detail);
        throw new Error(body.detail ?? body.title ?? 'Sign-in failed.');
      }
      me = undefined;
      store.set(sessionFrom(body));
    },
    async logout() {
      const session = store.get();
      if (session) await api.fetchJson('/api/v1/auth/logout', { method: 'POST' }).catch(() => undefined);
      forget();
    },
    async checkAuth() {
      if (!store.get()) throw new Error('Please sign in.');
    },
    async checkError(error: unknown) {
      const status = (error as HttpError)?.status;
      // 401 after a failed refresh means the session is over; 403 is a permission refusal the screen explains.
      if (status === 401) {
        forget();
        throw new Error('Your session has ended; sign in again.');
      }
    },
    async getIdentity() {
      const user = await loadMe();
      return { id: user.id, fullName: user.name, email: user.email, roles: user.roles, tenant: user.tenant, storeIds: user.storeIds };
    },
    async getPermissions() {
      if (!store.get()) return [];
      return (await loadMe()).roles;
    },
    // Reading screens are guarded by RequireRole, which says who a screen is for; this only decides writing.
    async canAccess({ action, resource }) {
      if (!['create', 'edit', 'delete'].includes(action)) return true;
      return Boolean(store.get()) && canChange(resource, (await loadMe()).roles);
    },
  };
}
