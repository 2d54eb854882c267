import assert from 'node:assert/strict';
import type { TestApp } from '@dawa/platform/testing';
import { demoManifest } from '@dawa/tenants/dist/src/manifest.js';

export type DemoManifest = ReturnType<typeof demoManifest>;
export type DemoRole = DemoManifest['users'][number]['roles'][number];

export const demoUser = (manifest: DemoManifest, role: DemoRole) => manifest.users.find((u) => u.roles.includes(role))!;

/** The API as one of the demo chain's staff, for setting a scene up and checking what a screen claims. */
export async function demoApi(app: TestApp, manifest: DemoManifest, role: DemoRole) {
  const u = demoUser(manifest, role);
  const login = await app.api.post('/api/v1/auth/login', { email: u.email, password: u.password }, { tenant: manifest.slug });
  assert.equal(login.status, 200);
  const token: string = login.body.accessToken;
  return {
    token,
    get: (path: string) => app.api.get(path, { tenant: manifest.slug, token }),
    post: (path: string, body: unknown) => app.api.post(path, body, { tenant: manifest.slug, token }),
  };
}
