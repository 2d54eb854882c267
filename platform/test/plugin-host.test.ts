import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { REDACTED } from '@dawa/plugin-sdk';
import { catalogRules } from '../src/catalog/country-rules.js';
import { systemScope } from '../src/common/tenant-scope.js';
import { PluginHostService } from '../src/plugins/plugin-host.service.js';
import { TenantRegistry } from '../src/tenancy/tenant-registry.service.js';
import { assertProblem, createStore, createUser, provisionTenant, schemaOf, type TestTenant } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/plugins/${name}.js`, import.meta.url));
const API_KEY = 'sk_live_fixture_4f9a7c21';

describe('plugin host', () => {
  let app: TestApp;
  let india: TestTenant;
  let kenya: TestTenant;
  const logLines: string[] = [];

  before(async () => {
    const capture = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    app = await startTestApp(
      { LOG_LEVEL: 'debug', DAWA_PLUGIN_PATHS: `${fixture('sms-fixture')},${fixture('future-api-fixture')}` },
      undefined,
      capture as never,
    );
    india = await provisionTenant(app, 'plugins-in');
    kenya = await provisionTenant(app, 'plugins-ke', { country: 'KE' });
  });
  after(() => app?.close());

  const owner = (t: TestTenant) => ({ tenant: t.slug, token: t.ownerToken });

  it("offers each country's tax plugin, on by default, and only plugins for the tenant's country", async () => {
    const indian = await app.api.get('/api/v1/plugins', owner(india));
    assert.equal(indian.status, 200);
    const gst = indian.body.find((p: any) => p.name === 'tax-india-gst');
    assert.deepEqual([gst.enabled, gst.isCountryDefault, gst.provides], [true, true, ['tax']]);
    assert.ok(!indian.body.some((p: any) => p.name === 'tax-kenya-vat'));
    const kenyan = await app.api.get('/api/v1/plugins', owner(kenya));
    assert.ok(kenyan.body.find((p: any) => p.name === 'tax-kenya-vat').enabled);
    for (const t of [india, kenya]) {
      const tax = await app.platform.app.get(PluginHostService).provider(await scopeFor(t), 'tax');
      const country = t === india ? 'IN' : 'KE';
      assert.deepEqual(
        tax.taxClasses.map((c) => c.code),
        catalogRules(country).taxClasses,
        `the catalogue offers exactly the tax classes the ${country} tax plugin understands`,
      );
    }
  });

  it('refuses a plugin built for another plugin API, saying why', async () => {
    const list = await app.api.get('/api/v1/plugins', owner(india));
    const future = list.body.find((p: any) => p.name === 'future-api-fixture');
    assert.equal(future.status, 'refused');
    assert.equal(future.enabled, false);
    assert.match(future.reason, /plugin API "?2\.0/);
    const enable = await app.api.put('/api/v1/plugins/future-api-fixture', { enabled: true }, owner(india));
    assertProblem(enable, 409, 'plugin-refused');
  });

  it('validates configuration against the plugin’s schema', async () => {
    const res = await app.api.put('/api/v1/plugins/sms-fixture', { enabled: true, config: { apiKey: 'short' } }, owner(india));
    assertProblem(res, 400, 'validation-error');
    assert.equal(res.body.errors[0].field, 'config.apiKey');
    assertProblem(
      await app.api.put('/api/v1/plugins/tax-india-gst', { enabled: true, config: { gstins: ['27AAAAA0000A1Z5X'] } }, owner(india)),
      400,
    );
    assertProblem(await app.api.put('/api/v1/plugins/no-such-plugin', { enabled: true }, owner(india)), 404);
    assertProblem(await app.api.put('/api/v1/plugins/tax-kenya-vat', { enabled: true }, owner(india)), 404, 'not-found');
  });

  it('describes each plugin’s configuration as JSON Schema for the settings form, and says whether it is configured', async () => {
    const before = (await app.api.get('/api/v1/plugins', owner(india))).body.find((p: any) => p.name === 'sms-fixture');
    assert.equal(before.configured, false, 'the API key is required and not set');
    assert.deepEqual(before.configSchema.required, ['apiKey'], 'a field with a default is not required');
    assert.deepEqual(
      before.configSchema.properties.sender,
      { default: 'DAWA', type: 'string', title: 'Sender ID', description: 'The name recipients see.' },
      'title and help come from the plugin’s declaration',
    );
    assert.equal(before.configSchema.properties.apiKey.writeOnly, true, 'a secret is write-only');
    assert.equal(before.configSchema.properties.sender.writeOnly, undefined);

    const missing = await app.api.put('/api/v1/plugins/sms-fixture', { enabled: true, config: { sender: 'SANJ' } }, owner(india));
    assertProblem(missing, 400, 'validation-error');
    assert.deepEqual(missing.body.errors, [{ field: 'config.apiKey', message: 'is required' }]);
    const gst = (await app.api.get('/api/v1/plugins', owner(india))).body.find((p: any) => p.name === 'tax-india-gst');
    assert.equal(gst.configured, true, 'a plugin whose fields all have defaults runs with nothing stored');
  });

  it('stores secrets encrypted, never returns or logs them, and keeps them when the form is saved back redacted', async () => {
    const saved = await app.api.put(
      '/api/v1/plugins/sms-fixture',
      { enabled: true, config: { sender: 'SANJEEVANI', apiKey: API_KEY } },
      owner(india),
    );
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.config.apiKey, REDACTED);
    assert.deepEqual(saved.body.secretFields, ['apiKey']);
    const [row] = await app.sql<{ config: unknown; sealed_secrets: string }>(
      `select config, sealed_secrets from "${await schemaOf(app, india.slug)}".plugin_setting where name = 'sms-fixture'`,
    );
    assert.deepEqual(row.config, { sender: 'SANJEEVANI' });
    assert.ok(row.sealed_secrets.startsWith('v1.') && !row.sealed_secrets.includes(API_KEY));

    const resaved = await app.api.put(
      '/api/v1/plugins/sms-fixture',
      { enabled: true, config: { ...saved.body.config, sender: 'SANJ' } },
      owner(india),
    );
    assert.equal(resaved.body.config.sender, 'SANJ');
    const sms = await app.platform.app.get(PluginHostService).provider(await scopeFor(india), 'messaging');
    const sent = await sms.send({ messageId: 'm-1', channel: 'sms', to: '+919800000000', body: 'Your order is ready' });
    assert.equal(
      sent.providerRef,
      `fx-${createHash('sha256').update(API_KEY).digest('hex').slice(0, 12)}`,
      'the plugin got the stored key back',
    );

    const list = await app.api.get('/api/v1/plugins', owner(india));
    assert.ok(!JSON.stringify(list.body).includes(API_KEY));
    const audit = await app.api.get('/api/v1/audit-logs?filter={"entityType":"Plugin"}', owner(india));
    assert.ok(audit.body.length >= 2 && !JSON.stringify(audit.body).includes(API_KEY));
    assert.ok(
      logLines.some((l) => l.includes('sending m-1 with key [redacted]')),
      'the plugin’s own log line was scrubbed',
    );
    assert.ok(!logLines.join('').includes(API_KEY), 'the key appears in no log line');
  });

  it("keeps one tenant's plugin configuration invisible to another", async () => {
    const kenyan = await app.api.get('/api/v1/plugins', owner(kenya));
    const sms = kenyan.body.find((p: any) => p.name === 'sms-fixture');
    assert.deepEqual([sms.enabled, sms.config], [false, {}]);
    await assert.rejects(app.platform.app.get(PluginHostService).provider(await scopeFor(kenya), 'messaging'), /No messaging plugin/);
  });

  it('allows one tax plugin at a time and lets only owners and admins configure', async () => {
    const storeId = await createStore(app, india, 'PLG-1');
    const cashier = await createUser(app, india, 'cashier@plugins.test', ['cashier'], [storeId]);
    assertProblem(await app.api.get('/api/v1/plugins', { tenant: india.slug, token: cashier.token }), 403);
    assertProblem(await app.api.put('/api/v1/plugins/sms-fixture', { enabled: false }, { tenant: india.slug, token: cashier.token }), 403);
    const off = await app.api.put('/api/v1/plugins/tax-india-gst', { enabled: false }, owner(india));
    assert.equal(off.body.enabled, false);
    await assert.rejects(app.platform.app.get(PluginHostService).provider(await scopeFor(india), 'tax'), /No tax plugin/);
    const on = await app.api.put('/api/v1/plugins/tax-india-gst', { enabled: true, config: { gstins: ['27AAICS1234F1ZK'] } }, owner(india));
    assert.equal(on.status, 200, JSON.stringify(on.body));
  });

  async function scopeFor(t: TestTenant) {
    const tenant = (await app.platform.app.get(TenantRegistry).bySlug(t.slug))!;
    return systemScope(tenant, app.platform.orm.em.fork({ schema: tenant.schemaName }));
  }
});
