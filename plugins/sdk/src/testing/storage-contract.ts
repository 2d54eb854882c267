import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { PluginTenant } from '../context.js';
import type { PluginProviding } from '../define-plugin.js';
import type { StorageProvider } from '../storage.js';
import { rejectsWithCode } from './expect-error.js';
import { startTenantPair } from './tenant-pair.js';
import type { VendorFake } from './vendor-fake.js';

export interface StorageContractSetup {
  /** The suite adds a second tenant, differing in id and slug, to check isolation. */
  tenant: PluginTenant;
  config: unknown;
  startFake(): Promise<VendorFake>;
}

const bytes = (text: string) => new TextEncoder().encode(text);

/** Registers the storage contract: round trips, tenant isolation, unsafe keys, presigned URLs, delete. */
export function storageContract(plugin: PluginProviding<'storage'>, setup: StorageContractSetup): void {
  describe(`storage contract: ${plugin.name}`, () => {
    let fake: VendorFake;
    let storage: StorageProvider;
    let otherTenantStorage: StorageProvider;

    before(async () => {
      ({ fake, mine: storage, theirs: otherTenantStorage } = await startTenantPair(plugin, 'storage', setup));
    });
    after(() => fake?.stop());

    it('gives back the bytes, content type and metadata it was given', async () => {
      const body = bytes('%PDF-1.7 invoice');
      const info = await storage.put('invoices/2026/INV-1.pdf', body, { contentType: 'application/pdf', metadata: { sale: 'INV-1' } });
      assert.equal(info.size, body.length);
      const stored = await storage.get('invoices/2026/INV-1.pdf');
      assert.ok(stored);
      assert.deepEqual(Buffer.from(stored.body), Buffer.from(body));
      assert.equal(stored.contentType, 'application/pdf');
      assert.deepEqual(stored.metadata, { sale: 'INV-1' });
      assert.equal(await storage.get('invoices/2026/missing.pdf'), null);
    });

    it("keeps each tenant's objects apart", async () => {
      await storage.put('shared-name.txt', bytes('tenant A'), { contentType: 'text/plain' });
      assert.equal(await otherTenantStorage.get('shared-name.txt'), null);
      await otherTenantStorage.put('shared-name.txt', bytes('tenant B'), { contentType: 'text/plain' });
      assert.equal(Buffer.from((await storage.get('shared-name.txt'))!.body).toString(), 'tenant A');
    });

    it('refuses keys that could leave the tenant prefix', async () => {
      for (const key of ['', '../escape.txt', 'a/../../b.txt', '/absolute.txt', 'a//b.txt', 'a\\b.txt']) {
        await rejectsWithCode(storage.put(key, bytes('x'), { contentType: 'text/plain' }), 'invalid_input', 'key');
      }
    });

    it('serves an object through a presigned download URL', async () => {
      await storage.put('rx/scan-1.jpg', bytes('jpeg bytes'), { contentType: 'image/jpeg' });
      const response = await fetch(await storage.presignGet('rx/scan-1.jpg', { expiresInSeconds: 60 }));
      assert.equal(response.status, 200);
      assert.equal(await response.text(), 'jpeg bytes');
    });

    it('accepts an upload through a presigned upload URL', async () => {
      const url = await storage.presignPut('rx/scan-2.jpg', { expiresInSeconds: 60, contentType: 'image/jpeg' });
      const response = await fetch(url, { method: 'PUT', body: 'uploaded', headers: { 'content-type': 'image/jpeg' } });
      assert.ok(response.ok, `upload answered ${response.status}`);
      assert.equal(Buffer.from((await storage.get('rx/scan-2.jpg'))!.body).toString(), 'uploaded');
    });

    it('deletes, and deleting again is not an error', async () => {
      await storage.put('exports/old.csv', bytes('a,b'), { contentType: 'text/csv' });
      await storage.delete('exports/old.csv');
      assert.equal(await storage.get('exports/old.csv'), null);
      await storage.delete('exports/old.csv');
    });
  });
}
