import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  definePlugin,
  isDawaPlugin,
  PLUGIN_API_VERSION,
  PluginDefinitionError,
  providesExtension,
  secret,
  z,
  type AnyDawaPlugin,
  type PluginDefinition,
  type TaxProvider,
} from '../src/index.js';

const noTax = (): TaxProvider => {
  throw new Error('not called');
};
const valid = {
  name: 'tax-test',
  version: '1.2.3',
  apiVersion: PLUGIN_API_VERSION,
  countries: ['IN'],
  configSchema: z.object({ apiKey: secret(z.string()) }),
  provides: { tax: noTax },
};

function problemsOf(definition: unknown): string[] {
  try {
    definePlugin(definition as PluginDefinition);
  } catch (error) {
    assert.ok(error instanceof PluginDefinitionError);
    return [...error.problems];
  }
  assert.fail('definePlugin accepted an invalid definition');
}

describe('definePlugin', () => {
  it('returns a frozen, recognisable plugin that knows its secret fields', () => {
    const plugin = definePlugin(valid);
    assert.ok(Object.isFrozen(plugin));
    assert.ok(isDawaPlugin(plugin));
    assert.ok(!isDawaPlugin({ ...valid }));
    assert.deepEqual(plugin.secretFields, ['apiKey']);
    assert.ok(providesExtension(plugin, 'tax'));
    assert.ok(!providesExtension(plugin, 'payment'));
    // What the host holds: any plugin, whatever its config type.
    const held: AnyDawaPlugin = plugin;
    assert.equal(held.name, 'tax-test');
  });

  it('accepts plugins for any country', () => {
    assert.equal(definePlugin({ ...valid, countries: 'any' }).countries, 'any');
  });

  it('names each problem of a malformed definition', () => {
    assert.deepEqual(problemsOf({ ...valid, name: 'Tax India' }), [
      'name must be lower-case words joined by hyphens (tax-india-gst), at most 50 characters',
    ]);
    assert.deepEqual(problemsOf({ ...valid, version: '1.2' }), ['version must be semver (1.4.0)']);
    assert.deepEqual(problemsOf({ ...valid, apiVersion: 'v1' }), ['apiVersion must be MAJOR.MINOR (use PLUGIN_API_VERSION)']);
    assert.deepEqual(problemsOf({ ...valid, countries: ['India'] }), [
      "countries must be 'any' or a non-empty list of ISO 3166-1 alpha-2 codes (IN, KE)",
    ]);
    assert.deepEqual(problemsOf({ ...valid, countries: [] }), [
      "countries must be 'any' or a non-empty list of ISO 3166-1 alpha-2 codes (IN, KE)",
    ]);
    assert.deepEqual(problemsOf({ ...valid, provides: {} }), [
      'provides must name at least one extension point (tax, payment, messaging, storage, search)',
    ]);
    assert.deepEqual(problemsOf({ ...valid, provides: { fiscal: noTax } }), ['provides.fiscal is not an extension point']);
    assert.deepEqual(problemsOf({ ...valid, provides: { tax: {} } }), ['provides.tax must be a function of the plugin context']);
    assert.deepEqual(problemsOf({ ...valid, configSchema: z.string() }), ['configSchema must be a zod object schema (z.object({...}))']);
    assert.deepEqual(problemsOf({ ...valid, baseUrl: 'https://api.example.com' }), ['baseUrl must be a function of the config']);
  });

  it('reports every problem at once, naming the plugin', () => {
    assert.throws(
      () => definePlugin({ ...valid, version: 'x', countries: 'everywhere' } as never),
      (error: PluginDefinitionError) => error.problems.length === 2 && /Plugin tax-test is not a valid Dawa plugin/.test(error.message),
    );
  });
});
