import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertProblem, createUser, operatorToken, provisionTenant, type TestTenant } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const SANJEEVANI = { primaryColor: '#0f766e', accentColor: '#f59e0b', logoUrl: 'https://cdn.example/sanjeevani.png' };

describe('tenant branding: public for the sign-in page, the owner changes it', () => {
  let app: TestApp;
  let a: TestTenant;
  let b: TestTenant;
  let consoleDir: string;

  before(async () => {
    consoleDir = mkdtempSync(join(tmpdir(), 'dawa-console-'));
    writeFileSync(join(consoleDir, 'index.html'), '<!doctype html><title>console</title>');
    app = await startTestApp({ DAWA_CONSOLE_DIR: consoleDir });
    a = await provisionTenant(app, 'brand-a');
    b = await provisionTenant(app, 'brand-b');
  });
  after(async () => {
    await app?.close();
    rmSync(consoleDir, { recursive: true, force: true });
  });

  const putBranding = (tenant: TestTenant, body: unknown, token = tenant.ownerToken) =>
    app.api.put('/api/v1/settings/branding', body, { tenant: tenant.slug, token });

  it('anyone may read a chain’s name, colours and logo, and nothing else, without signing in', async () => {
    const res = await app.api.get('/api/v1/branding', { tenant: a.slug });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { name: 'Chain brand-a', primaryColor: null, accentColor: null, logoUrl: null });
  });

  it('the owner saves branding: audited, and only that chain changes', async () => {
    const saved = await putBranding(a, SANJEEVANI);
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.deepEqual(saved.body, { name: 'Chain brand-a', ...SANJEEVANI });
    assert.deepEqual((await app.api.get('/api/v1/branding', { tenant: a.slug })).body, { name: 'Chain brand-a', ...SANJEEVANI });
    assert.deepEqual((await app.api.get('/api/v1/branding', { tenant: b.slug })).body, {
      name: 'Chain brand-b',
      primaryColor: null,
      accentColor: null,
      logoUrl: null,
    });
    const audit = await app.api.get(
      `/api/v1/audit-logs?filter=${encodeURIComponent(JSON.stringify({ action: 'tenant.branding_updated' }))}`,
      {
        tenant: a.slug,
        token: a.ownerToken,
      },
    );
    assert.equal(audit.body.length, 1);
    assert.deepEqual(audit.body[0].after, SANJEEVANI);
    const otherAudit = await app.api.get(
      `/api/v1/audit-logs?filter=${encodeURIComponent(JSON.stringify({ action: 'tenant.branding_updated' }))}`,
      {
        tenant: b.slug,
        token: b.ownerToken,
      },
    );
    assert.equal(otherAudit.body.length, 0);
  });

  it('a PUT replaces the branding: leaving the logo out removes it', async () => {
    const res = await putBranding(a, { primaryColor: '#1d4ed8' });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { name: 'Chain brand-a', primaryColor: '#1d4ed8', accentColor: null, logoUrl: null });
  });

  it('only the owner may change it; bad colours and logos are 400 and change nothing', async () => {
    const admin = await createUser(app, a, 'admin@brand-a.test', ['admin']);
    assertProblem(await putBranding(a, SANJEEVANI, admin.token), 403);
    // Tenant B's owner token is for B; aimed at A it is refused and A is unchanged.
    assertProblem(await putBranding(a, SANJEEVANI, b.ownerToken), 401);
    const badColour = await putBranding(a, { primaryColor: 'teal' });
    assertProblem(badColour, 400);
    assert.equal(badColour.body.errors[0].field, 'primaryColor');
    assertProblem(await putBranding(a, { logoUrl: 'javascript:alert(1)' }), 400);
    assertProblem(await putBranding(a, { primaryColor: '#000000', secret: 'x' }), 400);
    assert.equal((await app.api.get('/api/v1/branding', { tenant: a.slug })).body.primaryColor, '#1d4ed8');
  });

  it('two owners saving at once leave one whole branding, never a mix, and both are audited', async () => {
    const first = { primaryColor: '#111111', accentColor: '#222222' };
    const second = { primaryColor: '#333333', accentColor: '#444444' };
    const results = await Promise.all([putBranding(b, first), putBranding(b, second)]);
    assert.deepEqual(
      results.map((r) => r.status),
      [200, 200],
    );
    const { body } = await app.api.get('/api/v1/branding', { tenant: b.slug });
    const final = { primaryColor: body.primaryColor, accentColor: body.accentColor };
    assert.ok([JSON.stringify(first), JSON.stringify(second)].includes(JSON.stringify(final)), JSON.stringify(final));
    const audit = await app.api.get(
      `/api/v1/audit-logs?filter=${encodeURIComponent(JSON.stringify({ action: 'tenant.branding_updated' }))}`,
      {
        tenant: b.slug,
        token: b.ownerToken,
      },
    );
    assert.equal(audit.body.length, 2);
  });

  it('an unknown chain is 404 and a suspended one 403, so the sign-in page can say so', async () => {
    assertProblem(await app.api.get('/api/v1/branding', { tenant: 'no-such-chain' }), 404, 'unknown-tenant');
    const operator = await operatorToken(app);
    await app.api.post(`/api/v1/platform/tenants/${b.id}/suspend`, {}, { token: operator });
    assertProblem(await app.api.get('/api/v1/branding', { tenant: b.slug }), 403, 'tenant-suspended');
    await app.api.post(`/api/v1/platform/tenants/${b.id}/resume`, {}, { token: operator });
  });

  it('the API process serves the console at /<tenant>/ and /_operator/, and API paths stay problem+json', async () => {
    for (const path of ['/brand-a/', '/_operator/', '/']) {
      const res = await fetch(`${app.url}${path}`);
      assert.equal(res.status, 200, path);
      assert.match(res.headers.get('content-type') ?? '', /text\/html/);
      assert.match(await res.text(), /<title>console<\/title>/);
      assert.equal(res.headers.get('cache-control'), 'no-cache', `the shell is never cached (${path})`);
    }
    const bare = await fetch(`${app.url}/brand-a`, { redirect: 'manual' });
    assert.equal(bare.status, 302);
    assert.equal(bare.headers.get('location'), '/brand-a/');
    for (const path of ['/api/v1/no-such-route', '/api/', '/Not_A_Slug/', '/x/']) {
      const res = await fetch(`${app.url}${path}`);
      assert.equal(res.status, 404, path);
    }
    assertProblem(await app.api.get('/api/v1/no-such-route', { tenant: a.slug, token: a.ownerToken }), 404);
  });

  it('refuses to start when DAWA_CONSOLE_DIR has no build in it', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'dawa-console-empty-'));
    try {
      await assert.rejects(startTestApp({ DAWA_CONSOLE_DIR: empty }), /has no index\.html: build the console first/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
