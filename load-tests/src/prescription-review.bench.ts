import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { temporalCli } from '@dawa/platform';
import { startApiProcess, type ApiProcess } from '@dawa/platform/testing';
import { benchDatabase, OPERATOR, PASSWORD, post, provision, type Session } from './bench-setup.js';
import { load, summarise } from './stats.js';

/**
 * Issue #6's measure for the prescription review: how long an uploaded scan takes to be visible in the store's
 * pharmacist queue (upload with a JPEG through multipart, then the queue read that shows it), and how many review
 * workflows complete per second when pharmacists claim and approve what is queued (each approval signals its
 * workflow, which then ends). The API process runs the Temporal worker, against an in-memory dev server.
 */

/** The leading bytes of a JPEG: the file storage sniffs them; the rest of the file is padding to a phone scan's size. */
const SCAN = (() => {
  const bytes = new Uint8Array(200 * 1024);
  bytes.set([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01]);
  return bytes;
})();

interface Chain {
  owner: Session;
  cashier: Session;
  pharmacist: Session;
  storeId: string;
  productId: string;
}

async function call(api: ApiProcess, method: string, path: string, session: Session, body?: unknown) {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-tenant': session.slug, authorization: `Bearer ${session.token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as any;
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

async function staff(api: ApiProcess, chain: Session, storeId: string, email: string, roles: string[]): Promise<Session> {
  await call(api, 'POST', '/api/v1/users', chain, {
    email,
    name: email.split('@')[0],
    password: PASSWORD,
    roles,
    storeIds: [storeId],
    ...(roles.includes('pharmacist') ? { registrationNumber: 'MH-PHARM-2014-123456' } : {}),
  });
  const login = await post(api, '/api/v1/auth/login', { email, password: PASSWORD }, { 'x-tenant': chain.slug });
  return { slug: chain.slug, token: login.accessToken };
}

async function setUpChain(api: ApiProcess): Promise<Chain> {
  const operatorToken = (await post(api, '/api/v1/platform/auth/login', OPERATOR)).accessToken;
  const { session: owner } = await provision(api, operatorToken, 'bench-rx', 'IN');
  const store = await call(api, 'POST', '/api/v1/stores', owner, { code: 'S-1', name: 'Counter', address: '1 Main Road', region: 'MH' });
  const product = await call(api, 'POST', '/api/v1/products', owner, {
    name: 'Amoxil 500 Capsule',
    ingredients: [{ name: 'Amoxycillin', strength: '500mg' }],
    dosageForm: 'capsule',
    packSize: 10,
    baseUnit: 'capsule',
    schedule: 'H',
    taxClass: 'GST_HSN',
    hsnCode: '3004',
    manufacturer: 'Bench Pharma',
    mrp: 8500,
  });
  return {
    owner,
    cashier: await staff(api, owner, store.id, 'cashier@bench-rx.test', ['cashier']),
    pharmacist: await staff(api, owner, store.id, 'pharmacist@bench-rx.test', ['pharmacist']),
    storeId: store.id,
    productId: product.id,
  };
}

async function upload(api: ApiProcess, chain: Chain, i: number): Promise<string> {
  const form = new FormData();
  form.append(
    'metadata',
    JSON.stringify({
      storeId: chain.storeId,
      patient: { name: `Patient ${i}`, phone: `+9198${String(10_000_000 + i).slice(-8)}` },
      prescriber: { name: 'Dr. Rohan Mehta', registrationNo: 'MMC-2011-04567', address: 'Lilavati Hospital, Mumbai' },
      issuedAt: new Date().toISOString().slice(0, 10),
      items: [{ productId: chain.productId, quantity: 10 }],
    }),
  );
  form.append('file', new Blob([SCAN], { type: 'image/jpeg' }), `scan-${i}.jpg`);
  const res = await fetch(`${api.url}/api/v1/prescriptions/uploads`, {
    method: 'POST',
    headers: { 'x-tenant': chain.cashier.slug, authorization: `Bearer ${chain.cashier.token}` },
    body: form,
  });
  const json = (await res.json()) as any;
  if (res.status !== 201) throw new Error(`upload → ${res.status} ${JSON.stringify(json)}`);
  return json.id;
}

/** Upload, then the pharmacist's queue read until it lists the prescription (the first read does, if all is well). */
async function uploadUntilQueued(api: ApiProcess, chain: Chain, i: number): Promise<string> {
  const id = await upload(api, chain, i);
  const query = new URLSearchParams({ storeId: chain.storeId, filter: JSON.stringify({ id: [id] }) });
  for (;;) {
    const queue = (await call(api, 'GET', `/api/v1/prescriptions/queue?${query}`, chain.pharmacist)) as Array<{ id: string }>;
    if (queue.some((p) => p.id === id)) return id;
  }
}

const execute = promisify(execFile);

/** Completed review workflows, from Temporal's visibility store (through the CLI). */
async function completedReviews(address: string): Promise<number> {
  const { stdout } = await execute(await temporalCli(), [
    'workflow',
    'count',
    '--address',
    address,
    '--query',
    "WorkflowType='prescriptionReview' AND ExecutionStatus='Completed'",
    '--output',
    'json',
  ]);
  return Number((JSON.parse(stdout) as { count?: number | string }).count ?? 0);
}

export async function prescriptionReviewBenchmark(options: {
  dataDir: string;
  prescriptions: number;
  concurrency: number;
  warmup: number;
}) {
  const database = await benchDatabase(options.dataDir);
  try {
    // Scans go to the built-in file store under the run's own data folder, removed with it.
    const api = await startApiProcess({ ...database.env, DAWA_DATA_DIR: join(options.dataDir, 'api') });
    try {
      const chain = await setUpChain(api);
      await load(options.warmup, options.concurrency, async (i) => void (await uploadUntilQueued(api, chain, i)));
      const ids: string[] = [];
      const queued = await load(options.prescriptions, options.concurrency, async (i) => {
        ids.push(await uploadUntilQueued(api, chain, options.warmup + i));
      });
      // Every approval is a decision signal; the workflow completes when it has handled it.
      const before = await completedReviews(database.env.TEMPORAL_ADDRESS!);
      const t0 = performance.now();
      const decided = await load(ids.length, options.concurrency, async (i) => {
        await call(api, 'POST', `/api/v1/prescriptions/${ids[i]}/claim`, chain.pharmacist, {});
        await call(api, 'POST', `/api/v1/prescriptions/${ids[i]}/approve`, chain.pharmacist, {});
      });
      let completed = 0;
      while ((completed = (await completedReviews(database.env.TEMPORAL_ADDRESS!)) - before) < ids.length) {
        if (performance.now() - t0 > 300_000) throw new Error(`only ${completed} of ${ids.length} review workflows completed`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      const wallMs = performance.now() - t0;
      return {
        prescriptions: ids.length,
        scanKiB: SCAN.length / 1024,
        uploadToQueueMs: summarise(queued.latencies, queued.wallMs),
        claimAndApproveMs: summarise(decided.latencies, decided.wallMs),
        reviewWorkflowsCompletedPerSecond: Math.round((ids.length / (wallMs / 1000)) * 100) / 100,
        lastWorkflowCompletedAfterLastApprovalMs: Math.round(wallMs - decided.wallMs),
        apiPeakRssMiB: Math.round(api.peakRssMiB()),
      };
    } finally {
      await api.stop();
    }
  } finally {
    await database.stop();
  }
}
