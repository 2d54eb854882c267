import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { startApiProcess, type ApiProcess } from '@dawa/platform/testing';
import { benchDatabase, OPERATOR, post, provision, type Session } from './bench-setup.js';
import { load, summarise, type LatencySummary } from './stats.js';

/**
 * Issue #4's measure: POS sale throughput and latency with 3-line sales (OTC products, ample stock) against the API
 * as its own process, first on one tenant and then round-robin over many; alongside, the PostgreSQL ceiling for the
 * same SQL statements, replayed by pgbench with the same concurrency and no application in between.
 */

const GSTIN = '27AAICS1234F1ZK';
/** Far more than any run sells: stock never runs out. */
const STOCK = 10_000_000;

interface Chain {
  session: Session;
  schema: string;
  storeId: string;
  userId: string;
  sessionId: string;
  products: Array<{ id: string; batchId: string }>;
}

async function call(api: ApiProcess, method: string, path: string, session: Session, body: unknown) {
  const res = await fetch(`${api.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-tenant': session.slug, authorization: `Bearer ${session.token}` },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as any;
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}

function claims(token: string): { sub: string; sid: string } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'));
}

/** A chain with one store, the GST plugin configured and three OTC products in ample stock (one batch each). */
async function setUpChain(api: ApiProcess, operatorToken: string, index: number, db: pg.Pool): Promise<Chain> {
  const { session } = await provision(api, operatorToken, `pos-${String(index).padStart(4, '0')}`, 'IN');
  await call(api, 'PUT', '/api/v1/plugins/tax-india-gst', session, { enabled: true, config: { gstins: [GSTIN] } });
  const store = await call(api, 'POST', '/api/v1/stores', session, { code: 'S-1', name: 'Counter', address: '1 Main Road', region: 'MH' });
  const products = [];
  for (const [name, packSize, mrp] of [
    ['Dolo 650 Tablet', 15, 3400],
    ['Cetirizine 10 Tablet', 10, 3550],
    ['Vicks Vaporub 25ml', 1, 15500],
  ] as const) {
    const product = await call(api, 'POST', '/api/v1/products', session, {
      name,
      dosageForm: packSize === 1 ? 'ointment' : 'tablet',
      packSize,
      baseUnit: packSize === 1 ? 'piece' : 'tablet',
      schedule: 'OTC',
      taxClass: 'GST_HSN',
      hsnCode: '3004',
      manufacturer: 'Bench Pharma',
      mrp,
    });
    products.push({ id: product.id as string, mrp });
  }
  const expiry = new Date(Date.now() + 700 * 86_400_000).toISOString().slice(0, 10);
  const receipt = await call(api, 'POST', '/api/v1/stock/receipts', session, {
    storeId: store.id,
    reference: 'GRN-BENCH',
    lines: products.map((p, i) => ({ productId: p.id, batchNo: `B-${i}`, expiry, quantity: STOCK, cost: 1000, mrp: p.mrp })),
  });
  const [{ schema_name: schema }] = (await db.query('select schema_name from public.tenant where slug = $1', [session.slug])).rows;
  const { sub, sid } = claims(session.token);
  return {
    session,
    schema,
    storeId: store.id,
    userId: sub,
    sessionId: sid,
    products: products.map((p, i) => ({ id: p.id, batchId: receipt.lines[i].batchId as string })),
  };
}

function saleBody(chain: Chain) {
  return {
    storeId: chain.storeId,
    lines: [
      { productId: chain.products[0].id, quantity: 2 },
      { productId: chain.products[1].id, quantity: 3 },
      { productId: chain.products[2].id, quantity: 1 },
    ],
    payments: [{ method: 'cash', amount: 100_000 }],
  };
}

async function saleLoad(api: ApiProcess, chains: Chain[], requests: number, concurrency: number): Promise<LatencySummary> {
  const { latencies, wallMs } = await load(requests, concurrency, async (i) => {
    const chain = chains[i % chains.length];
    const res = await fetch(`${api.url}/api/v1/sales`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-tenant': chain.session.slug, authorization: `Bearer ${chain.session.token}` },
      body: JSON.stringify(saleBody(chain)),
    });
    if (res.status !== 201) throw new Error(`sale → ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  });
  return summarise(latencies, wallMs);
}

const lit = (value: unknown) => (value === null || value === undefined ? 'null' : `'${String(value).replace(/'/g, "''")}'`);

/**
 * One pgbench transaction per chain: the statements the API runs for one sale (read from the code: tenant lookup,
 * session principal, store, products, plugin settings, then in one transaction FEFO lock + stock update + ledger row
 * per line, the invoice counter, sale, lines, payment, and the audit chain's lock, last hash and entry), with the
 * values of a real sale the API made, so row sizes match.
 */
async function pgbenchScript(db: pg.Pool, chain: Chain): Promise<string> {
  const s = `"${chain.schema}"`;
  const [sale] = (await db.query(`select * from ${s}.sale order by sold_at desc limit 1`)).rows;
  const lines = (await db.query(`select * from ${s}.sale_line where sale_id = $1 order by line_no`, [sale.id])).rows;
  const [audit] = (await db.query(`select * from ${s}.audit_log order by id desc limit 1`)).rows;
  const today = sale.business_date instanceof Date ? sale.business_date.toISOString().slice(0, 10) : String(sale.business_date);
  const productIds = chain.products.map((p) => lit(p.id)).join(', ');
  const perLine = chain.products
    .map(
      (p, i) => `select id, batch_no, to_char(expiry, 'YYYY-MM-DD') as expiry, quantity, cost, mrp from ${s}.stock_batch
  where store_id = ${lit(chain.storeId)} and product_id = ${lit(p.id)} and quantity > 0 and expiry >= ${lit(today)}
  order by expiry, received_at, id for update;
update ${s}.stock_batch set quantity = quantity + -${lines[i].quantity}, updated_at = now() where id = ${lit(p.batchId)} and quantity + -${lines[i].quantity} >= 0 returning quantity;
insert into ${s}.stock_movement (store_id, product_id, batch_id, kind, quantity, reason, reference, transfer_id, actor_id, request_id)
  values (${lit(chain.storeId)}, ${lit(p.id)}, ${lit(p.batchId)}, 'sale', -${lines[i].quantity}, null, 'pgbench', null, ${lit(chain.userId)}, 'pgbench');`,
    )
    .join('\n');
  const lineValues = lines
    .map(
      (l) =>
        `(gen_random_uuid(), ':sale_id', ${l.line_no}, ${lit(l.product_id)}, ${lit(l.product_name)}, ${lit(l.schedule)}, ${lit(l.commodity_code)}, ${lit(l.tax_class)}, ${l.quantity}, ${lit(l.unit)}, ${l.pack_size}, ${l.gross}, ${l.discount_pct}, ${l.discount}, ${l.amount}, ${l.taxable}, ${l.tax}, ${l.tax_rate}, ${lit(JSON.stringify(l.components))}::jsonb, ${lit(JSON.stringify(l.allocations))}::jsonb)`,
    )
    .join(',\n  ');
  return `select * from public.tenant where slug = ${lit(chain.session.slug)} limit 1;
select u.id, u.email, u.name, u.mfa_enabled_at,
  array(select role_name from ${s}.user_role where user_id = u.id order by role_name) as roles,
  array(select store_id::text from ${s}.user_store where user_id = u.id order by store_id) as store_ids
  from ${s}.auth_session ss join ${s}.app_user u on u.id = ss.principal_id
  where ss.id = ${lit(chain.sessionId)} and u.id = ${lit(chain.userId)} and ss.revoked_at is null and u.status = 'active';
select id, region, invoice_prefix from ${s}.store where id = ${lit(chain.storeId)};
select id, name, pack_size, base_unit, schedule, tax_class, hsn_code, kra_item_class, status from ${s}.product where id in (${productIds});
select name, enabled, config, sealed_secrets, updated_at from ${s}.plugin_setting;
begin;
${perLine}
insert into ${s}.document_sequence (store_id, financial_year, kind, next_value) values (${lit(chain.storeId)}, ${lit(sale.financial_year)}, 'invoice', 2)
  on conflict (store_id, financial_year, kind) do update set next_value = document_sequence.next_value + 1 returning next_value - 1 as seq \\gset
insert into ${s}.sale (id, store_id, invoice_no, financial_year, business_date, sold_at, status, customer, prescription_id, cashier_id, currency,
  gross_total, discount_total, taxable_total, tax_total, round_off, total, paid_total, change_due, tax_quote, idempotency_key, request_hash)
  values (gen_random_uuid(), ${lit(chain.storeId)}, ${lit(`${sale.invoice_no.split('/').slice(0, 2).join('/')}/`)} || lpad((:seq)::text, 6, '0'), ${lit(sale.financial_year)}, ${lit(today)}, now(), 'completed', null, null, ${lit(chain.userId)}, ${lit(sale.currency)},
  ${sale.gross_total}, ${sale.discount_total}, ${sale.taxable_total}, ${sale.tax_total}, ${sale.round_off}, ${sale.total}, ${sale.paid_total}, ${sale.change_due}, ${lit(JSON.stringify(sale.tax_quote))}::jsonb, null, ${lit(sale.request_hash)})
  returning id as sale_id \\gset
insert into ${s}.sale_line (id, sale_id, line_no, product_id, product_name, schedule, commodity_code, tax_class, quantity, unit, pack_size,
  gross, discount_pct, discount, amount, taxable, tax, tax_rate, components, allocations) values
  ${lineValues};
insert into ${s}.sale_payment (id, sale_id, method, amount, reference) values (gen_random_uuid(), ':sale_id', 'cash', ${sale.paid_total}, null);
select pg_advisory_xact_lock(hashtext(${lit(`audit:${chain.schema}`)}));
select hash from ${s}.audit_log order by id desc limit 1;
insert into ${s}.audit_log (occurred_at, actor_type, actor_id, actor_label, action, entity_type, entity_id, before, after, ip, request_id, prev_hash, hash)
  values (now(), 'user', ${lit(chain.userId)}, ${lit(audit.actor_label)}, 'sale.completed', 'Sale', ':sale_id', null, ${lit(JSON.stringify(audit.after))}::jsonb, '127.0.0.1', 'pgbench', ${lit(audit.hash)}, md5(random()::text) || md5(random()::text));
commit;
`;
}

/** Runs pgbench with one script per chain (picked at random, equal weights); returns transactions per second. */
function runPgbench(databaseUrl: string, scripts: string[], dir: string, clients: number, seconds: number) {
  mkdirSync(dir, { recursive: true });
  const files = scripts.map((script, i) => {
    const file = join(dir, `sale-${i}.sql`);
    writeFileSync(file, script);
    return file;
  });
  const args = ['-n', '-c', String(clients), '-j', '2', '-T', String(seconds), ...files.flatMap((f) => ['-f', `${f}@1`]), databaseUrl];
  const out = spawnSync('pgbench', args, { encoding: 'utf8' });
  if (out.error) return { available: false as const, reason: `pgbench not found: ${out.error.message}` };
  if (out.status !== 0) throw new Error(`pgbench failed: ${out.stderr}\n${out.stdout}`);
  const tps = Number(/tps = ([\d.]+)/.exec(out.stdout)?.[1]);
  const latency = Number(/latency average = ([\d.]+) ms/.exec(out.stdout)?.[1]);
  const failed = Number(/number of failed transactions: (\d+)/.exec(out.stdout)?.[1] ?? 0);
  const version = spawnSync('pgbench', ['--version'], { encoding: 'utf8' }).stdout.trim();
  return { available: true as const, version, tps: Math.round(tps * 10) / 10, latencyAvgMs: latency, failed };
}

export async function posBenchmark(options: {
  dataDir: string;
  tenants: number;
  requests: number;
  concurrency: number;
  warmup: number;
  pgbenchSeconds: number;
}) {
  const database = await benchDatabase(options.dataDir);
  const db = new pg.Pool({ connectionString: database.env.DATABASE_URL, max: 2 });
  const chains: Chain[] = [];
  try {
    const provisioner = await startApiProcess(database.env);
    const operatorToken = (await post(provisioner, '/api/v1/platform/auth/login', OPERATOR)).accessToken;
    try {
      for (let i = 0; i < options.tenants; i++) chains.push(await setUpChain(provisioner, operatorToken, i, db));
    } finally {
      await provisioner.stop();
    }

    const api = await startApiProcess(database.env);
    const phases: Record<string, { api: LatencySummary & { rssMiB: number }; pgbench: ReturnType<typeof runPgbench> }> = {};
    try {
      for (const [name, set] of [
        ['oneTenant', chains.slice(0, 1)],
        [`${options.tenants}Tenants`, chains],
      ] as const) {
        await saleLoad(api, set, options.warmup, options.concurrency); // JIT, pool, PostgreSQL catalog caches
        const result = await saleLoad(api, set, options.requests, options.concurrency);
        const scripts = await Promise.all(set.map((c) => pgbenchScript(db, c)));
        const pgbench = runPgbench(
          database.env.DATABASE_URL!,
          scripts,
          join(options.dataDir, `pgbench-${name}`),
          options.concurrency,
          options.pgbenchSeconds,
        );
        phases[name] = { api: { ...result, rssMiB: Math.round(api.rssMiB()) }, pgbench };
      }
    } finally {
      await api.stop();
    }
    const ratio = Object.fromEntries(
      Object.entries(phases).map(([name, p]) => [
        name,
        p.pgbench.available ? Math.round((p.api.throughput / p.pgbench.tps) * 1000) / 1000 : null,
      ]),
    );
    return { tenants: options.tenants, concurrency: options.concurrency, linesPerSale: 3, phases, apiShareOfPostgresCeiling: ratio };
  } finally {
    await db.end();
    await database.stop();
  }
}
