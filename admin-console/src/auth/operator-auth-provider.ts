import type { AuthProvider, HttpError } from 'react-admin';
import type { ApiClient } from './api-client';
import { sessionFrom, type SessionStore } from './session';

/** The platform operators' sign-in: a separate login and token, never valid on a tenant's routes. */
export function operatorAuthProvider(store: SessionStore, api: ApiClient): AuthProvider {
  return {
    async login({ email, password }: { email: string; password: string }) {
      const response = await fetch('/api/v1/platform/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      const body = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(body.detail ?? body.title ?? 'Sign-in failed.');
      store.set(sessionFrom(body));
    },
    async logout() {
      if (store.get()) await api.fetchJson('/api/v1/platform/auth/logout', { method: 'POST' }).catch(() => undefined);
      store.clear();
    },
    async checkAuth() {
      if (!store.get()) throw new Error('Please sign in.');
    },
    async checkError(error: unknown) {
      if ((error as HttpError)?.status === 401) {
        store.clear();
        throw new Error('Your session has ended; sign in again.');
      }
    },
    async getIdentity() {
      const { json } = await api.fetchJson('/api/v1/platform/auth/me');
      return { id: json.id, fullName: json.name ?? json.email };
    },
    async getPermissions() {
      return ['operator'];
    },
  };
}
