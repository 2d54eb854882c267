import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { definePlugin, PLUGIN_API_VERSION, z } from '@dawa/plugin-sdk';
import { storageContract, testTenant } from '@dawa/plugin-sdk/testing';
import { Problem } from '../src/common/problem.js';
import { systemScope } from '../src/common/tenant-scope.js';
import { FileStorageService } from '../src/files/file-storage.service.js';
import { SignedFileUrls, type FileGrant } from '../src/files/signed-file-urls.js';
import { TenantRegistry } from '../src/tenancy/tenant-registry.service.js';
import { sampleFiles } from './support/file-fixtures.js';
import { assertProblem, provisionTenant, type TestTenant } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';
import { storedObjects } from './fixtures/plugins/storage-fixture.js';

const MAX_BYTES = 64 * 1024;
const dataDir = mkdtempSync(join(tmpdir(), 'dawa-files-'));
const storageFixture = fileURLToPath(new URL('./fixtures/plugins/storage-fixture.js', import.meta.url));
let app: TestApp;
let files: FileStorageService;
let chainA: TestTenant;
let chainB: TestTenant;

before(async () => {
  app = await startTestApp({ DAWA_DATA_DIR: dataDir, DAWA_FILE_MAX_BYTES: String(MAX_BYTES), DAWA_PLUGIN_PATHS: storageFixture });
  files = app.platform.app.get(FileStorageService);
  chainA = await provisionTenant(app, 'files-a');
  chainB = await provisionTenant(app, 'files-b', { country: 'KE' });
});
after(async () => {
  await app?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function scopeFor(t: TestTenant) {
  const tenant = (await app.platform.app.get(TenantRegistry).bySlug(t.slug))!;
  return systemScope(tenant, app.platform.orm.em.fork({ schema: tenant.schemaName }));
}
const onDisk = (t: TestTenant, key: string) => join(dataDir, 'files', 'tenants', t.id, key);
const fileUrl = (token: string) => `${app.url}/api/v1/files/${token}`;
const sign = (grant: Partial<FileGrant> & Pick<FileGrant, 'method' | 'key'>) =>
  app.platform.app.get(SignedFileUrls).sign({ tenantId: chainA.id, expiresAt: Math.floor(Date.now() / 1000) + 60, ...grant });
const call = async (url: string, init?: RequestInit) => {
  const response = await fetch(url, init);
  const text = await response.text();
  const body = /json/.test(response.headers.get('content-type') ?? '') ? JSON.parse(text) : text;
  return { status: response.status, headers: response.headers, body, text };
};

// The built-in store is a StorageProvider like any plugin's, so it passes the same contract, its links served by the API.
storageContract(
  definePlugin({
    name: 'local-file-storage',
    version: '0.1.0',
    apiVersion: PLUGIN_API_VERSION,
    countries: 'any',
    configSchema: z.object({}),
    provides: { storage: ({ tenant }) => files.localStorage(tenant.id) },
  }),
  {
    get tenant() {
      return testTenant('IN', { id: chainA.id, slug: chainA.slug });
    },
    config: {},
    startFake: async () => ({ baseUrl: app.url, stop: async () => undefined }),
  },
);

describe('built-in file storage', () => {
  it('keeps files under <dataDir>/files/tenants/<tenant id>/, written whole, with type and metadata beside them', async () => {
    const storage = files.localStorage(chainA.id);
    await storage.put('rx/1/page-1.jpg', sampleFiles.jpeg, { contentType: 'image/jpeg', metadata: { prescription: 'RX-1' } });
    assert.deepEqual(new Uint8Array(readFileSync(onDisk(chainA, 'rx/1/page-1.jpg'))), sampleFiles.jpeg);
    const sidecar = JSON.parse(readFileSync(join(dataDir, 'files', '.metadata', 'tenants', chainA.id, 'rx/1/page-1.jpg.json'), 'utf8'));
    assert.deepEqual(sidecar, { contentType: 'image/jpeg', metadata: { prescription: 'RX-1' }, size: sampleFiles.jpeg.length });
    await storage.put('rx/1/page-1.jpg', sampleFiles.png, { contentType: 'image/png' });
    assert.equal((await storage.get('rx/1/page-1.jpg'))?.contentType, 'image/png', 'a rewrite replaces bytes and sidecar');
    assert.deepEqual(new Uint8Array(readFileSync(onDisk(chainA, 'rx/1/page-1.jpg'))), sampleFiles.png);
  });

  it('uses the storage plugin a chain turned on instead of the disk, and only for that chain', async () => {
    const enable = await app.api.put(
      '/api/v1/plugins/storage-fixture',
      { enabled: true },
      { tenant: chainB.slug, token: chainB.ownerToken },
    );
    assert.equal(enable.status, 200, JSON.stringify(enable.body));
    const stored = await files.storeUpload(await scopeFor(chainB), {
      key: 'rx/9/scan.pdf',
      bytes: sampleFiles.pdf,
      declaredType: 'application/pdf',
    });
    assert.equal(stored.contentType, 'application/pdf');
    assert.ok(storedObjects.has(`tenants/${chainB.id}/rx/9/scan.pdf`), 'the plugin got the file');
    assert.ok(!existsSync(onDisk(chainB, 'rx/9/scan.pdf')), 'nothing went to the disk');

    await files.storeUpload(await scopeFor(chainA), { key: 'rx/9/scan.pdf', bytes: sampleFiles.pdf, declaredType: 'application/pdf' });
    assert.ok(existsSync(onDisk(chainA, 'rx/9/scan.pdf')), 'chain A has no plugin on and keeps its files on disk');
    assert.ok(!storedObjects.has(`tenants/${chainA.id}/rx/9/scan.pdf`));
    await app.api.put('/api/v1/plugins/storage-fixture', { enabled: false }, { tenant: chainB.slug, token: chainB.ownerToken });
  });

  it("never mixes two chains' files under the same key", async () => {
    const [scopeA, scopeB] = [await scopeFor(chainA), await scopeFor(chainB)];
    await files.storeUpload(scopeA, { key: 'rx/same/scan.jpg', bytes: sampleFiles.jpeg, declaredType: 'image/jpeg' });
    await files.storeUpload(scopeB, { key: 'rx/same/scan.jpg', bytes: sampleFiles.png, declaredType: 'image/png' });
    assert.equal((await (await files.provider(scopeA)).get('rx/same/scan.jpg'))?.contentType, 'image/jpeg');
    assert.equal((await (await files.provider(scopeB)).get('rx/same/scan.jpg'))?.contentType, 'image/png');
    await (await files.provider(scopeB)).delete('rx/same/scan.jpg');
    assert.ok(existsSync(onDisk(chainA, 'rx/same/scan.jpg')), "B's delete left A's file alone");
  });

  it('stores an upload only if it is an image or PDF of the declared type and within the size cap', async () => {
    const scope = await scopeFor(chainA);
    const refused = async (bytes: Uint8Array, declaredType: string) => {
      const error = await files.storeUpload(scope, { key: 'rx/2/scan', bytes, declaredType }).then(
        () => assert.fail('accepted'),
        (e: unknown) => e,
      );
      assert.ok(error instanceof Problem);
      return error.details;
    };
    assert.equal((await refused(sampleFiles.png, 'image/jpeg')).type, 'https://dawa.health/problems/file-type-mismatch');
    assert.equal((await refused(new TextEncoder().encode('<svg onload="alert(1)"/>'), 'image/svg+xml')).status, 415);
    const oversize = new Uint8Array(MAX_BYTES + 1);
    oversize.set(sampleFiles.jpeg);
    assert.equal((await refused(oversize, 'image/jpeg')).status, 413);
    assert.ok(!existsSync(onDisk(chainA, 'rx/2/scan')), 'nothing refused was stored');
    const stored = await files.storeUpload(scope, { key: 'rx/2/scan', bytes: sampleFiles.jpeg, declaredType: 'image/jpg' });
    assert.equal(stored.contentType, 'image/jpeg');
    assert.deepEqual(new Uint8Array(readFileSync(onDisk(chainA, 'rx/2/scan'))), sampleFiles.jpeg);
  });
});

describe('signed file links', () => {
  before(() => files.localStorage(chainA.id).put('docs/report.pdf', sampleFiles.pdf, { contentType: 'application/pdf' }));

  it('serves a file with its content type, inline or as a named download', async () => {
    const storage = files.localStorage(chainA.id);
    const inline = await call(await storage.presignGet('docs/report.pdf', { expiresInSeconds: 60 }));
    assert.equal(inline.status, 200);
    assert.equal(inline.headers.get('content-type'), 'application/pdf');
    assert.equal(inline.headers.get('content-disposition'), 'inline');
    assert.equal(inline.headers.get('x-content-type-options'), 'nosniff');
    const named = await call(await storage.presignGet('docs/report.pdf', { expiresInSeconds: 60, downloadName: 'Report März.pdf' }));
    assert.equal(
      named.headers.get('content-disposition'),
      `attachment; filename="Report M_rz.pdf"; filename*=UTF-8''Report%20M%C3%A4rz.pdf`,
    );

    await storage.put('docs/page.html', new TextEncoder().encode('<script>alert(1)</script>'), { contentType: 'text/html' });
    const html = await call(await storage.presignGet('docs/page.html', { expiresInSeconds: 60 }));
    assert.equal(html.headers.get('content-disposition'), 'attachment', 'a page is downloaded, never rendered on the API origin');
  });

  it('refuses an expired, altered or misused link, and a missing file', async () => {
    const expired = await call(fileUrl(sign({ method: 'GET', key: 'docs/report.pdf', expiresAt: Math.floor(Date.now() / 1000) - 1 })));
    assertProblem(expired, 403, 'file-link-expired');

    const [payload, mac] = sign({ method: 'GET', key: 'docs/report.pdf' }).split('.');
    const widened = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), tenantId: chainB.id }));
    assertProblem(await call(fileUrl(`${widened.toString('base64url')}.${mac}`)), 403, 'file-link-invalid');
    assertProblem(await call(fileUrl(`${payload}.${mac.slice(0, -2)}xx`)), 403, 'file-link-invalid');
    assertProblem(await call(fileUrl('not-a-token')), 403, 'file-link-invalid');

    const downloadLink = fileUrl(sign({ method: 'GET', key: 'docs/report.pdf' }));
    assertProblem(
      await call(downloadLink, { method: 'PUT', body: 'x', headers: { 'content-type': 'application/pdf' } }),
      403,
      'file-link-invalid',
    );
    assertProblem(await call(fileUrl(sign({ method: 'GET', key: 'docs/missing.pdf' }))), 404);
  });

  it('takes an upload of exactly the signed content type, byte for byte, up to the size cap', async () => {
    const storage = files.localStorage(chainA.id);
    const url = await storage.presignPut('exports/data.json', { expiresInSeconds: 60, contentType: 'application/json' });
    const html = await call(url, { method: 'PUT', body: '<script></script>', headers: { 'content-type': 'text/html' } });
    assertProblem(html, 403, 'file-link-content-type');
    assert.equal(await storage.get('exports/data.json'), null);

    const json = '{ "kept" :  "as sent" }\n';
    const ok = await call(url, { method: 'PUT', body: json, headers: { 'content-type': 'application/json' } });
    assert.equal(ok.status, 200, ok.text);
    assert.equal(Buffer.from((await storage.get('exports/data.json'))!.body).toString(), json);

    const big = await storage.presignPut('rx/big.jpg', { expiresInSeconds: 60, contentType: 'image/jpeg' });
    const tooLarge = await call(big, { method: 'PUT', body: new Uint8Array(MAX_BYTES + 1), headers: { 'content-type': 'image/jpeg' } });
    assertProblem(tooLarge, 413);
    assert.equal(await storage.get('rx/big.jpg'), null);
  });

  it("stops serving a suspended chain's links", async () => {
    const url = await files.localStorage(chainA.id).presignGet('docs/report.pdf', { expiresInSeconds: 60 });
    await app.sql(`update public.tenant set status = 'suspended' where id = $1`, [chainA.id]);
    try {
      assertProblem(await call(url), 403, 'tenant-suspended');
    } finally {
      await app.sql(`update public.tenant set status = 'active' where id = $1`, [chainA.id]);
    }
  });
});
