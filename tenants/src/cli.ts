import { parseArgs } from 'node:util';
import { ConfigError, createPlatform, TenantMigrationService, TenantsService, type Platform } from '@dawa/platform';
import { DEMO_TENANTS, demoManifest, loadManifest } from './manifest.js';
import { demoCatalogue, readCatalogue } from './demo-data.js';
import { provisionManifest } from './provision-manifest.js';

const USAGE = `Dawa tenant operations

  npm run tenants -- provision <manifest.json> [--catalogue <file.csv|file.tsv>]...
                                                 provision a tenant from a manifest, importing the catalogue
                                                 files (the product import's CSV/TSV) as a provisioning step
  npm run tenants -- provision --demo            provision the demo tenants (sanjeevani, afya) with their
                                                 demo catalogues, if missing
  npm run tenants -- list                        list tenants with status and migration state
  npm run tenants -- migrate [--batch-size 50] [--concurrency 4]
                                                 upgrade every tenant schema; resumable; failures reported at the end
  npm run tenants -- suspend <slug> [--reason "..."]
  npm run tenants -- resume <slug>

Uses DATABASE_URL, or the embedded database under .data/ (shared with a running npm start); likewise
TEMPORAL_ADDRESS, or the Temporal dev server under .data/temporal/ (shared with a running npm start).`;

/** `worker`: run a Temporal worker while the command runs (provisioning needs one even when `npm start` is down). */
async function withPlatform<T>(work: (platform: Platform) => Promise<T>, options: { worker?: boolean } = {}): Promise<T> {
  const platform = await createPlatform({ env: { LOG_LEVEL: 'warn', ...process.env }, worker: options.worker });
  try {
    return await work(platform);
  } finally {
    await platform.close();
  }
}

const OUTCOME_TEXT = { created: 'provisioned', exists: 'already exists', resumed: 'provisioning resumed and completed' };

async function findTenant(platform: Platform, slug: string) {
  const page = await platform.app.get(TenantsService).list({ filter: JSON.stringify({ q: slug }), range: '[0,99]' });
  const tenant = page.rows.find((t) => t.slug === slug);
  if (!tenant) throw new Error(`No tenant with slug "${slug}".`);
  return tenant;
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      demo: { type: 'boolean' },
      catalogue: { type: 'string', multiple: true },
      reason: { type: 'string' },
      'batch-size': { type: 'string' },
      concurrency: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, arg] = positionals;
  if (!command || values.help) {
    console.log(USAGE);
    return command || values.help ? 0 : 2;
  }
  switch (command) {
    case 'provision': {
      const manifests = values.demo ? DEMO_TENANTS.map(demoManifest) : arg ? [loadManifest(arg)] : [];
      if (!manifests.length) throw new Error('Give a manifest path or --demo.');
      const given = (values.catalogue ?? []).map((path) => {
        try {
          return readCatalogue(path);
        } catch (error) {
          throw new Error(`Cannot read catalogue ${path}: ${(error as Error).message}`);
        }
      });
      return withPlatform(
        async (platform) => {
          for (const manifest of manifests) {
            const outcome = await provisionManifest(platform, manifest, 'tenants-cli', values.demo ? demoCatalogue(manifest) : given);
            console.log(`${outcome.slug}: ${OUTCOME_TEXT[outcome.status]}`);
          }
          return 0;
        },
        { worker: true },
      );
    }
    case 'list':
      return withPlatform(async (platform) => {
        const rows = await platform.orm.em.fork().execute<Record<string, unknown>[]>(
          `select t.slug, t.name, t.country, t.status, m.version, m.status as migration
           from public.tenant t left join public.tenant_migration_state m on m.tenant_id = t.id order by t.slug`,
        );
        console.table(rows);
        return 0;
      });
    case 'migrate':
      return withPlatform(async (platform) => {
        const report = await platform.app.get(TenantMigrationService).migrateAll({
          batchSize: Number(values['batch-size'] ?? 50),
          concurrency: Number(values.concurrency ?? 4),
          onProgress: (done, total) => process.stderr.write(`\rmigrated ${done}/${total}`),
        });
        process.stderr.write('\n');
        console.log(
          `Target version ${report.target}: ${report.upgraded.length} upgraded, ${report.alreadyCurrent} already current, ${report.failed.length} failed.`,
        );
        for (const failure of report.failed) console.log(`  FAILED ${failure.slug}: ${failure.error}`);
        if (report.failed.length) console.log('Fix the cause and run migrate again: it resumes with the tenants that are not current.');
        return report.failed.length ? 1 : 0;
      });
    case 'suspend':
    case 'resume': {
      if (!arg) throw new Error(`Usage: tenants ${command} <slug>`);
      return withPlatform(async (platform) => {
        const tenant = await findTenant(platform, arg);
        const updated = await platform.app
          .get(TenantsService)
          .setStatus(tenant.id, command === 'suspend' ? 'suspended' : 'active', { type: 'system', label: 'tenants-cli' }, values.reason);
        console.log(`${updated.slug}: ${updated.status}`);
        return 0;
      });
    }
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
