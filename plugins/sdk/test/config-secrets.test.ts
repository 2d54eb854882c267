import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createPluginContext,
  definePlugin,
  parsePluginConfig,
  PluginConfigError,
  PLUGIN_API_VERSION,
  REDACTED,
  redactSecrets,
  secret,
  secretFields,
  z,
  type TaxProvider,
} from '../src/index.js';
import { recordingLogger, testTenant } from '../src/testing/index.js';

const schema = z.object({
  keyId: z.string(),
  keySecret: secret(z.string().min(8)),
  webhook: z.object({ url: z.url().optional(), secret: secret(z.string()).optional() }).default({}),
  accounts: z.array(z.object({ shortcode: z.string(), passkey: secret(z.string()) })).default([]),
  environment: z.enum(['sandbox', 'live']).default('sandbox'),
});

const plugin = definePlugin({
  name: 'payments-test',
  version: '0.1.0',
  apiVersion: PLUGIN_API_VERSION,
  countries: ['KE'],
  configSchema: schema,
  baseUrl: (config) => (config.environment === 'live' ? 'https://api.example.co.ke' : 'https://sandbox.example.co.ke'),
  provides: {
    tax: ({ logger, config }): TaxProvider => {
      logger.info(`connecting with ${config.keySecret}`, { request: { headers: { authorization: `Basic ${config.keySecret}` } } });
      return {} as TaxProvider;
    },
  },
});

const config = {
  keyId: 'rzp_test_1',
  keySecret: 'EnLs21M47BllR3X8PSFtjtbd',
  webhook: { secret: 'whsec-abc' },
  accounts: [{ shortcode: '174379', passkey: 'bfb279f9aa9bdbcf' }],
};

describe('config schemas and secrets', () => {
  it('finds secret fields through optional, default, nested objects and arrays', () => {
    assert.deepEqual(secretFields(schema), ['keySecret', 'webhook.secret', 'accounts[].passkey']);
    assert.deepEqual(plugin.secretFields, ['keySecret', 'webhook.secret', 'accounts[].passkey']);
  });

  it('redacts every secret that is set, leaves unset ones absent and never touches the original', () => {
    const parsed = parsePluginConfig(plugin, config);
    const redacted = redactSecrets(schema, parsed);
    assert.deepEqual(redacted, {
      keyId: 'rzp_test_1',
      keySecret: REDACTED,
      webhook: { secret: REDACTED },
      accounts: [{ shortcode: '174379', passkey: REDACTED }],
      environment: 'sandbox',
    });
    assert.equal(parsed.keySecret, config.keySecret);
    assert.deepEqual(redactSecrets(schema, parsePluginConfig(plugin, { keyId: 'x', keySecret: 'y'.repeat(8) })).webhook, {});
  });

  it('validates configuration with field paths the host can show', () => {
    assert.throws(
      () => parsePluginConfig(plugin, { keyId: 'x', keySecret: 'short', accounts: [{ shortcode: '1' }] }),
      (error: PluginConfigError) => {
        assert.deepEqual(
          error.issues.map((i) => i.field),
          ['keySecret', 'accounts.0.passkey'],
        );
        return error.code === 'invalid_config' && error.pluginName === 'payments-test';
      },
    );
  });

  it('builds a context: validated config, vendor base URL unless pointed elsewhere, secrets scrubbed from logs', () => {
    const logger = recordingLogger();
    const tenant = testTenant('KE');
    const context = createPluginContext(plugin, { tenant, config: { ...config, environment: 'live' }, logger });
    assert.equal(context.http.baseUrl, 'https://api.example.co.ke');
    assert.equal(context.config.environment, 'live');
    plugin.provides.tax(context);
    assert.deepEqual(logger.entries, [
      { level: 'info', message: 'connecting with [redacted]', fields: { request: { headers: { authorization: 'Basic [redacted]' } } } },
    ]);
    assert.equal(createPluginContext(plugin, { tenant, config, baseUrl: 'http://127.0.0.1:4010' }).http.baseUrl, 'http://127.0.0.1:4010');
  });

  it('refuses a tenant in a country the plugin does not serve', () => {
    assert.throws(
      () => createPluginContext(plugin, { tenant: testTenant('IN'), config }),
      (error: Error & { code: string }) => error.code === 'country_not_supported',
    );
  });
});
