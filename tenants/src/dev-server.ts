import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ConfigError, createPlatform, TenantMigrationService } from '@dawa/platform';
import { DEMO_TENANTS, demoManifest } from './manifest.js';
import { configureManifestPlugins, enableDefaultSchedules, provisionManifest } from './provision-manifest.js';
import { demoCatalogue, seedDemoData } from './demo-data.js';
import { startVendorSandbox, type VendorSandbox } from './vendor-sandbox.js';

/** Local defaults so `npm start` needs no setup; every one of them can be overridden from the environment. */
const DEV_DEFAULTS = {
  DAWA_OPERATOR_EMAIL: 'operator@dawa.local',
  DAWA_OPERATOR_PASSWORD: 'Dawa-operator-demo',
  LOG_LEVEL: 'warn',
};

/** The admin console's static export, built by `node scripts/dawa.mjs build`; the API process serves it. */
const CONSOLE_BUILD = fileURLToPath(new URL('../../../admin-console/out', import.meta.url));

/**
 * `npm start`: the platform on embedded defaults (PostgreSQL, the Temporal dev server) with a Temporal worker in the
 * same process, every tenant migrated, the demo tenants provisioned on first run (data persists under .data/), then
 * the URLs and demo logins.
 */
async function main(): Promise<void> {
  const env: NodeJS.ProcessEnv = { ...DEV_DEFAULTS, ...process.env };
  env.DAWA_PUBLIC_URL ??= `http://${env.HOST ?? '127.0.0.1'}:${env.PORT ?? 3000}`;
  if (!env.DAWA_CONSOLE_DIR && existsSync(`${CONSOLE_BUILD}/index.html`)) env.DAWA_CONSOLE_DIR = CONSOLE_BUILD;
  const manifests = DEMO_TENANTS.map(demoManifest);
  // The vendors' fakes stand in for Razorpay, M-Pesa and the SMS gateways unless real ones are configured.
  let sandbox: VendorSandbox | undefined;
  if (env.DAWA_SANDBOX !== 'off' && !env.DAWA_PLUGIN_BASE_URLS) {
    sandbox = await startVendorSandbox(manifests, env.DAWA_PUBLIC_URL);
    env.DAWA_PLUGIN_BASE_URLS = sandbox.baseUrls;
  }
  const platform = await createPlatform({ env, worker: true });
  const report = await platform.app.get(TenantMigrationService).migrateAll();
  if (report.failed.length)
    console.warn(`Warning: ${report.failed.length} tenant(s) failed to migrate: ${report.failed.map((f) => f.slug).join(', ')}`);
  for (const manifest of manifests) {
    const outcome = await provisionManifest(platform, manifest, 'npm start', demoCatalogue(manifest));
    if (outcome.status === 'exists') {
      const added = await configureManifestPlugins(platform, outcome.tenantId, manifest, 'npm start', { onlyUnconfigured: true });
      if (added.length) console.log(`Turned on ${added.join(', ')} for ${manifest.slug} (new in its demo manifest).`);
    }
    if (outcome.status !== 'created' && (await enableDefaultSchedules(platform, outcome.tenantId, 'npm start')))
      console.log(`Turned on the nightly reorder run for ${manifest.slug} (on by default for new chains).`);
  }
  const url = await platform.listen();
  for (const manifest of manifests) {
    if (await seedDemoData(url, manifest)) console.log(`Loaded demo data for ${manifest.slug}.`);
  }

  const dataDir = env.DAWA_DATA_DIR ?? '.data';
  const lines = [
    '',
    'Dawa is running.',
    '',
    `  API          ${url}/api/v1`,
    `  API docs     ${url}/api/docs   (OpenAPI JSON: ${url}/api/docs-json)`,
    `  Health       ${url}/health/ready   Metrics: ${url}/metrics`,
    `  Database     ${env.DATABASE_URL ? 'DATABASE_URL' : `embedded PostgreSQL, data in ${dataDir}/postgres`}`,
    `  Temporal     ${platform.temporal.address} namespace ${platform.temporal.namespace}${env.TEMPORAL_ADDRESS ? ' (TEMPORAL_ADDRESS)' : `, dev server, data in ${dataDir}/temporal`}`,
    ...(platform.temporal.uiUrl ? [`  Workflows UI ${platform.temporal.uiUrl}/namespaces/${platform.temporal.namespace}/workflows`] : []),
    '',
    ...(sandbox ? ['  Vendor sandbox (faithful local fakes; DAWA_SANDBOX=off to use real vendors):', ...sandbox.banner, ''] : []),
    `  Platform operator: ${env.DAWA_OPERATOR_EMAIL} / ${env.DAWA_OPERATOR_PASSWORD}   (POST /api/v1/platform/auth/login)`,
    env.DAWA_CONSOLE_DIR ? `  Operators' console: ${url}/_operator/` : '  Admin console: not built (node scripts/dawa.mjs build builds it)',
    '',
    '  Demo tenants (send X-Tenant: <slug>; sign in with POST /api/v1/auth/login):',
  ];
  for (const manifest of manifests) {
    lines.push(`    ${manifest.slug} — ${manifest.name} (${manifest.country}, ${manifest.stores.length} stores)`);
    if (env.DAWA_CONSOLE_DIR) lines.push(`      back office  ${url}/${manifest.slug}/`);
    for (const user of manifest.users) lines.push(`      ${user.roles.join(',').padEnd(14)} ${user.email.padEnd(30)} ${user.password}`);
  }
  lines.push(
    '',
    `  Try: curl -s -H 'X-Tenant: sanjeevani' -H 'content-type: application/json' -d '{"email":"owner@sanjeevani.demo","password":"Sanjeevani-demo-1"}' ${url}/api/v1/auth/login`,
    '',
    'Press Ctrl+C to stop.',
    '',
  );
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await platform.close();
    await sandbox?.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error) => {
  console.error(
    error instanceof ConfigError
      ? error.message
      : `Dawa failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exit(1);
});
