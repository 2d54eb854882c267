/**
 * The signed-in session of one console (a tenant's or the operators'): tokens in localStorage under a key of its
 * own, so a chain's tokens are never sent to another chain, and every tab of the same console shares one session.
 */
export interface Session {
  accessToken: string;
  refreshToken: string;
  /** Epoch ms after which the access token is refreshed before use. */
  expiresAt: number;
}

export interface SessionStore {
  get(): Session | undefined;
  set(session: Session): void;
  clear(): void;
  key: string;
}

export function sessionStore(key: string): SessionStore {
  return {
    key,
    get() {
      const raw = localStorage.getItem(key);
      if (!raw) return undefined;
      try {
        return JSON.parse(raw) as Session;
      } catch {
        return undefined;
      }
    },
    set(session) {
      localStorage.setItem(key, JSON.stringify(session));
    },
    clear() {
      localStorage.removeItem(key);
    },
  };
}

/** Refresh a minute early, so a request never leaves with a token that expires on the way. */
export function sessionFrom(tokens: { accessToken: string; refreshToken: string; expiresIn: number }): Session {
  return { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: Date.now() + (tokens.expiresIn - 60) * 1000 };
}
