import assert from 'node:assert/strict';
import type { TestApp } from '@dawa/platform/testing';
import type { TenantManifest } from '@dawa/tenants/dist/src/manifest.js';
import type { Page } from 'playwright-core';

type Role = TenantManifest['users'][number]['roles'][number];

/** The demo chain's first user holding `role`. */
export const demoUser = (manifest: TenantManifest, role: Role) => manifest.users.find((u) => u.roles.includes(role))!;

/** The API as one of the chain's demo users, for checking what the screens did. */
export async function demoApi(app: TestApp, manifest: TenantManifest, role: Role) {
  const u = demoUser(manifest, role);
  const login = await app.api.post('/api/v1/auth/login', { email: u.email, password: u.password }, { tenant: manifest.slug });
  assert.equal(login.status, 200, JSON.stringify(login.body));
  const as = { tenant: manifest.slug, token: login.body.accessToken as string };
  return {
    get: (path: string) => app.api.get(path, as),
    post: (path: string, body: unknown) => app.api.post(path, body, as),
  };
}

/** The scan box is enabled and takes the focus once the store is known: from then on a scan sells. */
export async function posReady(page: Page): Promise<void> {
  await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Scan or search products', undefined, {
    timeout: 30_000,
  });
}
