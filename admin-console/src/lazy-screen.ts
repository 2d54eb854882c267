import { lazy, type ComponentType } from 'react';

/**
 * A screen whose code is downloaded the first time someone opens it, so the first visit fetches only the shell and
 * the sign-in page. react-admin's layout wraps every screen in Suspense and shows its loader meanwhile.
 */
export function lazyScreen<K extends string, P extends object>(load: () => Promise<Record<K, ComponentType<P>>>, name: K) {
  return lazy(() => load().then((module) => ({ default: module[name] })));
}
