import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { createExtension, PluginError, type PluginTenant, type StorageProvider } from '@dawa/plugin-sdk';
import { otherTenant, rejectsWithCode, testTenant } from '@dawa/plugin-sdk/testing';
import s3 from '../src/index.js';
import { startS3Server, type S3Server } from './support/s3-server.js';

const BUCKET = 'dawa-files';
const bytes = (text: string) => new TextEncoder().encode(text);

describe('storage-s3 against a real S3-compatible server', () => {
  let server: S3Server;
  const chainA = testTenant('IN', { slug: 'chain-a' });
  const chainB = otherTenant(chainA);

  before(async () => {
    server = await startS3Server();
    await server.createBucket(BUCKET);
  });
  after(() => server?.stop());

  const configFor = (overrides: Record<string, unknown> = {}) => ({
    bucket: BUCKET,
    region: server.region,
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
    endpoint: server.endpoint,
    ...overrides,
  });
  const storageFor = (tenant: PluginTenant, overrides: Record<string, unknown> = {}, now?: Date): StorageProvider =>
    createExtension(s3, 'storage', { tenant, config: configFor(overrides), clock: now ? { now: () => now } : undefined });
  const download = async (url: string) => {
    const response = await fetch(url);
    return { status: response.status, body: await response.text(), headers: response.headers };
  };

  it('stores the content type and metadata in S3 itself and gives them back, whatever the text', async () => {
    const storage = storageFor(chainA);
    const metadata = { 'prescription-id': 'RX-2026-0042', patient: 'Wanjiru Kamau — राम', note: '50% off, a/b?c=d' };
    const info = await storage.put('rx/42/scan.heic', bytes('heic bytes'), { contentType: 'image/heic', metadata });
    assert.deepEqual(info, { key: 'rx/42/scan.heic', size: 10, contentType: 'image/heic', metadata });

    const head = await server.client.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `tenants/${chainA.id}/rx/42/scan.heic` }));
    assert.equal(head.ContentType, 'image/heic');
    assert.equal(head.ContentLength, 10);
    assert.equal(head.Metadata?.['prescription-id'], 'RX-2026-0042');

    const stored = await storage.get('rx/42/scan.heic');
    assert.deepEqual({ ...stored, body: Buffer.from(stored!.body).toString() }, { ...info, body: 'heic bytes' });
  });

  it('refuses metadata names S3 would rename, before anything is stored', async () => {
    const storage = storageFor(chainA);
    await rejectsWithCode(
      storage.put('rx/43/scan.jpg', bytes('x'), { contentType: 'image/jpeg', metadata: { prescriptionId: 'RX-43' } }),
      'invalid_input',
      'metadata.prescriptionId',
    );
    assert.equal(await storage.get('rx/43/scan.jpg'), null);
  });

  it('keeps each tenant under tenants/<tenant id>/ of the bucket, so another tenant cannot read or download it', async () => {
    const shared = { prefix: 'dawa/test/' };
    const a = storageFor(chainA, shared);
    const b = storageFor(chainB, shared);
    await a.put('invoices/INV-7.pdf', bytes('%PDF chain A'), { contentType: 'application/pdf' });
    await b.put('invoices/INV-8.pdf', bytes('%PDF chain B'), { contentType: 'application/pdf' });

    const listing = await server.client.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'dawa/test/' }));
    assert.deepEqual(listing.Contents?.map((object) => object.Key).sort(), [
      `dawa/test/tenants/${chainA.id}/invoices/INV-7.pdf`,
      `dawa/test/tenants/${chainB.id}/invoices/INV-8.pdf`,
    ]);
    assert.equal(await b.get('invoices/INV-7.pdf'), null);
    assert.equal((await download(await b.presignGet('invoices/INV-7.pdf', { expiresInSeconds: 60 }))).status, 404);
    await b.delete('invoices/INV-7.pdf');
    assert.equal(Buffer.from((await a.get('invoices/INV-7.pdf'))!.body).toString(), '%PDF chain A', "B's delete missed A's file");
  });

  it('serves a presigned download under the requested file name, and not after it expires', async () => {
    const storage = storageFor(chainA);
    await storage.put('exports/gstr1.json', bytes('{"gstin":"27AAICS1234F1ZK"}'), { contentType: 'application/json' });

    const named = await download(
      await storage.presignGet('exports/gstr1.json', { expiresInSeconds: 60, downloadName: 'GSTR-1 März.json' }),
    );
    assert.equal(named.status, 200);
    assert.equal(named.headers.get('content-type'), 'application/json');
    assert.equal(
      named.headers.get('content-disposition'),
      `attachment; filename="GSTR-1 M_rz.json"; filename*=UTF-8''GSTR-1%20M%C3%A4rz.json`,
    );

    const signedAnHourAgo = storageFor(chainA, {}, new Date(Date.now() - 3_600_000));
    const stale = await download(await signedAnHourAgo.presignGet('exports/gstr1.json', { expiresInSeconds: 600 }));
    assert.equal(stale.status, 403);
    assert.match(stale.body, /expired/i);
    await rejectsWithCode(storage.presignGet('exports/gstr1.json', { expiresInSeconds: 8 * 86_400 }), 'invalid_input', 'expiresInSeconds');
  });

  it('binds the content type into a presigned upload: the server refuses any other type', async () => {
    const storage = storageFor(chainA);
    const url = await storage.presignPut('rx/44/scan.jpg', { expiresInSeconds: 60, contentType: 'image/jpeg' });
    const html = await fetch(url, { method: 'PUT', body: '<script>alert(1)</script>', headers: { 'content-type': 'text/html' } });
    assert.equal(html.status, 403);
    assert.match(await html.text(), /SignatureDoesNotMatch/);
    assert.equal(await storage.get('rx/44/scan.jpg'), null);

    const jpeg = await fetch(url, { method: 'PUT', body: 'jpeg bytes', headers: { 'content-type': 'image/jpeg' } });
    assert.equal(jpeg.status, 200);
    assert.equal((await storage.get('rx/44/scan.jpg'))?.contentType, 'image/jpeg');
  });

  it('says which bucket is missing or which credentials were rejected, without showing the secret', async () => {
    const missing = storageFor(chainA, { bucket: 'no-such-bucket' });
    await assert.rejects(missing.put('a.txt', bytes('x'), { contentType: 'text/plain' }), (error: PluginError) => {
      assert.equal(error.code, 'storage_bucket_missing');
      assert.match(error.message, /"no-such-bucket"/);
      return true;
    });
    const wrongSecret = 'not-the-right-secret-key';
    await assert.rejects(storageFor(chainA, { secretAccessKey: wrongSecret }).get('a.txt'), (error: PluginError) => {
      assert.equal(error.code, 'storage_credentials_rejected');
      assert.ok(!error.message.includes(wrongSecret) && !error.message.includes(server.secretAccessKey));
      return true;
    });
  });

  it('says the access key lacks permission when the store refuses it the bucket', async () => {
    await server.createUser('DAWAOTHERUSER', 'other-user-secret-key');
    const outsider = storageFor(chainA, { accessKeyId: 'DAWAOTHERUSER', secretAccessKey: 'other-user-secret-key' });
    await assert.rejects(outsider.put('a.txt', bytes('x'), { contentType: 'text/plain' }), (error: PluginError) => {
      assert.equal(error.code, 'storage_access_denied');
      assert.match(error.message, /bucket "dawa-files" \(us-east-1\)/);
      return true;
    });
  });

  it('reports an object store that cannot be reached as upstream_unavailable', async () => {
    await rejectsWithCode(storageFor(chainA, { endpoint: 'http://127.0.0.1:9' }).get('a.txt'), 'upstream_unavailable');
  });
});
