import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { dropDatabase, freshDatabase, startTestApp, type TestApp } from '@dawa/platform/testing';
import { DEMO_TENANTS, demoManifest, tenantManifest } from '../src/manifest.js';
import { provisionManifest } from '../src/provision-manifest.js';

const cli = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'cli.js');

describe('demo tenant manifests', () => {
  it('describe an Indian chain with 3 stores in two states and a Kenyan chain with 2 Nairobi stores, one user per role', () => {
    const sanjeevani = demoManifest('sanjeevani');
    assert.equal(sanjeevani.country, 'IN');
    assert.equal(sanjeevani.stores.length, 3);
    assert.equal(new Set(sanjeevani.stores.map((s) => s.region)).size, 2);
    const afya = demoManifest('afya');
    assert.equal(afya.country, 'KE');
    assert.equal(afya.stores.length, 2);
    assert.ok(afya.stores.every((s) => s.region === 'Nairobi'));
    for (const manifest of [sanjeevani, afya]) {
      assert.deepEqual(manifest.users.flatMap((u) => u.roles).sort(), [
        'admin',
        'auditor',
        'cashier',
        'owner',
        'pharmacist',
        'store_manager',
      ]);
    }
  });

  it('refuses a manifest without an owner, naming the problem', () => {
    const result = tenantManifest.safeParse({ ...demoManifest('afya'), users: [] });
    assert.equal(result.success, false);
    assert.match(JSON.stringify(result.error?.issues), /owner role/);
  });
});

describe('provisioning the demo tenants', () => {
  let app: TestApp;

  before(async () => {
    app = await startTestApp();
  });
  after(() => app?.close());

  it('creates each chain once, and every demo user can sign in and sees their stores', async () => {
    for (const slug of DEMO_TENANTS) {
      assert.equal((await provisionManifest(app.platform, demoManifest(slug))).status, 'created');
      assert.equal((await provisionManifest(app.platform, demoManifest(slug))).status, 'exists', 'a second run changes nothing');
    }
    for (const slug of DEMO_TENANTS) {
      const manifest = demoManifest(slug);
      for (const user of manifest.users) {
        const login = await app.api.post('/api/v1/auth/login', { email: user.email, password: user.password }, { tenant: slug });
        assert.equal(login.status, 200, `${user.email}: ${JSON.stringify(login.body)}`);
        const stores = await app.api.get('/api/v1/stores', { tenant: slug, token: login.body.accessToken });
        const codes = stores.body.map((s: any) => s.code).sort();
        const expected = user.storeCodes.length ? [...user.storeCodes].sort() : manifest.stores.map((s) => s.code).sort();
        assert.deepEqual(codes, expected, `${user.email} sees ${codes}`);
      }
    }
  });
});

describe('operator CLI', () => {
  let databaseUrl: string;

  before(async () => {
    databaseUrl = await freshDatabase();
  });
  after(() => dropDatabase(databaseUrl));

  const run = (...args: string[]) =>
    spawnSync(process.execPath, [cli, ...args], {
      encoding: 'utf8',
      env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent' },
      // `provision --demo` imports the demo catalogues (India: 2,882 names) as a provisioning step.
      timeout: 300_000,
    });

  it('provisions, lists, suspends, resumes and migrates tenants', () => {
    const provision = run('provision', '--demo');
    assert.equal(provision.status, 0, provision.stderr);
    assert.match(provision.stdout, /sanjeevani: provisioned/);
    assert.match(provision.stdout, /afya: provisioned/);
    assert.match(run('provision', '--demo').stdout, /sanjeevani: already exists/);
    const suspend = run('suspend', 'afya', '--reason', 'test');
    assert.equal(suspend.status, 0, suspend.stderr);
    assert.match(suspend.stdout, /afya: suspended/);
    const list = run('list');
    assert.match(list.stdout, /afya.*suspended/);
    assert.match(list.stdout, /sanjeevani.*active/);
    assert.match(run('resume', 'afya').stdout, /afya: active/);
    const migrate = run('migrate');
    assert.equal(migrate.status, 0, migrate.stderr);
    assert.match(migrate.stdout, /0 upgraded, 0 already current, 0 failed|0 failed/);
  });

  it('explains bad usage instead of failing obscurely', () => {
    const unknown = run('explode');
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /Unknown command "explode"/);
    const missing = run('suspend', 'no-such-chain');
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /No tenant with slug "no-such-chain"/);
    const badManifest = run('provision', '/nonexistent/manifest.json');
    assert.equal(badManifest.status, 1);
    assert.match(badManifest.stderr, /Cannot read manifest/);
  });
});
