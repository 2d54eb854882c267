import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { startApiProcess, type ApiProcess } from '@dawa/platform/testing';
import { benchDatabase, OPERATOR, post, provision } from './bench-setup.js';
import { load, summarise } from './stats.js';

/**
 * Issue #5's measure: webhook ingest (verify the signature over the raw body + inbox insert with its outbox message
 * + ack) with 50 concurrent senders, each posting distinct signed events to one chain's payment plugin. The platform's
 * test gateway plugin (HMAC-SHA256 over the body, as Razorpay and Stripe sign) stands in for a vendor. The outbox
 * dispatcher runs in the same process and processes the events meanwhile, as it would in production.
 */

const PLUGIN = 'payments-fixture';
const CREDENTIALS = { keyId: 'key_bench', keySecret: 'key-secret-bench', webhookSecret: 'whsec-bench-secret' };

function signedEvent(i: number, run: string) {
  const body = Buffer.from(JSON.stringify({ id: `evt_${run}_${i}`, type: 'payment.pending', ref: `fx_${i}`, created_at: 1_763_700_000 }));
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'x-fixture-signature': createHmac('sha256', CREDENTIALS.webhookSecret).update(body).digest('hex'),
    },
  };
}

async function ingest(api: ApiProcess, slug: string, requests: number, concurrency: number, run: string) {
  const { latencies, wallMs } = await load(requests, concurrency, async (i) => {
    const { body, headers } = signedEvent(i, run);
    const res = await fetch(`${api.url}/api/v1/webhooks/${slug}/${PLUGIN}`, { method: 'POST', headers, body });
    const answer = (await res.json()) as { received?: number };
    if (res.status !== 200 || answer.received !== 1) throw new Error(`webhook → ${res.status} ${JSON.stringify(answer)}`);
  });
  return summarise(latencies, wallMs);
}

export async function webhookBenchmark(options: { dataDir: string; root: string; requests: number; concurrency: number; warmup: number }) {
  const database = await benchDatabase(options.dataDir);
  try {
    const api = await startApiProcess({
      ...database.env,
      DAWA_PLUGIN_PATHS: join(options.root, 'platform', 'dist', 'test', 'fixtures', 'plugins', 'payment-fixture.js'),
    });
    try {
      const operatorToken = (await post(api, '/api/v1/platform/auth/login', OPERATOR)).accessToken;
      const { session } = await provision(api, operatorToken, 'webhook-bench', 'IN');
      const res = await fetch(`${api.url}/api/v1/plugins/${PLUGIN}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-tenant': session.slug, authorization: `Bearer ${session.token}` },
        body: JSON.stringify({ enabled: true, config: CREDENTIALS }),
      });
      if (res.status !== 200) throw new Error(`enable ${PLUGIN} → ${res.status} ${await res.text()}`);
      await ingest(api, session.slug, options.warmup, options.concurrency, 'warmup'); // JIT, pool, catalog caches
      const result = await ingest(api, session.slug, options.requests, options.concurrency, 'measured');
      return { concurrency: options.concurrency, ...result, rssMiB: Math.round(api.rssMiB()) };
    } finally {
      await api.stop();
    }
  } finally {
    await database.stop();
  }
}
