import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { CatalogueFile } from '@dawa/platform';
import { manifestsDir, type TenantManifest } from './manifest.js';

const tenantsDir = join(manifestsDir, '..');

interface Session {
  baseUrl: string;
  slug: string;
  token: string;
}

async function call(session: Session, method: string, path: string, body?: unknown, contentType = 'application/json') {
  const response = await fetch(`${session.baseUrl}${path}`, {
    method,
    headers: {
      'x-tenant': session.slug,
      authorization: `Bearer ${session.token}`,
      ...(body === undefined ? {} : { 'content-type': contentType }),
    },
    body: body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  });
  const json = (await response.json()) as any;
  if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${json.detail ?? JSON.stringify(json)}`);
  return { json, headers: response.headers };
}

async function importCatalogue(session: Session, file: string): Promise<void> {
  const { contentType, content } = readCatalogue(join(tenantsDir, file));
  const { json } = await call(session, 'POST', '/api/v1/products/import', content, contentType);
  for (;;) {
    const job = (await call(session, 'GET', `/api/v1/imports/${json.jobId}`)).json;
    if (job.status === 'completed' || job.status === 'failed') return;
    await sleep(250);
  }
}

function addMonths(months: number): string {
  const date = new Date();
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 7);
}

/** A catalogue file as provisioning takes it: `.tsv` is tab-separated, anything else CSV. */
export function readCatalogue(path: string): CatalogueFile {
  return { contentType: path.endsWith('.tsv') ? 'text/tab-separated-values' : 'text/csv', content: readFileSync(path, 'utf8') };
}

/** The manifest's demo catalogue files (`npm start` and `provision --demo` provision the demo chains with them). */
export function demoCatalogue(manifest: TenantManifest): CatalogueFile[] {
  return (manifest.demo?.catalogues ?? []).map((file) => readCatalogue(join(tenantsDir, file)));
}

async function total(session: Session, path: string): Promise<number> {
  const { headers } = await call(session, 'GET', `${path}?range=[0,0]`);
  return Number(headers.get('content-range')?.split('/')[1] ?? 0);
}

/**
 * Gives a demo chain something to work with, through the public API as its owner would: its catalogue files (priced,
 * barcoded products; India also gets the 2,882-name sample list for search) unless it has products already (a chain
 * provisioned with its demo catalogue has), then, unless its stock has moved already, opening stock of every priced
 * product in every store — a fresh batch and an older one, and one batch a few weeks from expiry so the alerts and
 * FEFO have something to show. Returns whether it loaded anything.
 */
export async function seedDemoData(baseUrl: string, manifest: TenantManifest): Promise<boolean> {
  if (!manifest.demo) return false;
  const owner = manifest.users.find((u) => u.roles.includes('owner'))!;
  const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-tenant': manifest.slug },
    body: JSON.stringify({ email: owner.email, password: owner.password }),
  });
  const session: Session = { baseUrl, slug: manifest.slug, token: ((await login.json()) as { accessToken: string }).accessToken };
  const imported = (await total(session, '/api/v1/products')) === 0 && manifest.demo.catalogues.length > 0;
  if (imported) for (const file of manifest.demo.catalogues) await importCatalogue(session, file);
  if (!manifest.demo.openingStock || (await total(session, '/api/v1/stock/movements')) > 0) return imported;
  const priced = (await call(session, 'GET', `/api/v1/products?range=[0,999]&sort=["mrp","ASC"]`)).json.filter(
    (p: { mrp: number | null }) => p.mrp,
  );
  const stores = (await call(session, 'GET', '/api/v1/stores?range=[0,99]')).json as Array<{ id: string; code: string }>;
  for (const [s, store] of stores.entries()) {
    const lines = priced.flatMap((p: { id: string; mrp: number; packSize: number }, i: number) => {
      const cost = Math.round(p.mrp * 0.72);
      const batch = (n: number) => `${store.code.replace(/[^A-Z0-9]/gi, '')}${String(i).padStart(3, '0')}${n}`;
      const fresh = {
        productId: p.id,
        batchNo: batch(1),
        expiry: addMonths(20 + (i % 6)),
        quantity: p.packSize * (8 + ((i + s) % 7)),
        cost,
        mrp: p.mrp,
      };
      const older = { productId: p.id, batchNo: batch(2), expiry: addMonths(4 + (i % 3)), quantity: p.packSize * 3, cost, mrp: p.mrp };
      return i % 5 === 0 ? [fresh, older, { ...older, batchNo: batch(3), expiry: addMonths(1), quantity: p.packSize }] : [fresh, older];
    });
    await call(session, 'POST', '/api/v1/stock/receipts', {
      storeId: store.id,
      reference: 'OPENING-STOCK',
      supplier: 'Opening balance',
      lines,
    });
  }
  return true;
}
