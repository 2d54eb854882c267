import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkApiVersion, PLUGIN_API_VERSION } from '../src/index.js';

const plugin = (apiVersion: string) => ({ name: 'payments-razorpay', apiVersion });

describe('plugin API version compatibility', () => {
  it('accepts the same major with no newer minor', () => {
    assert.deepEqual(checkApiVersion(plugin(PLUGIN_API_VERSION)), { compatible: true });
    assert.deepEqual(checkApiVersion(plugin('1.0'), '1.3'), { compatible: true });
    assert.deepEqual(checkApiVersion(plugin('1.3'), '1.3'), { compatible: true });
  });

  it('refuses another major with a message that says what to install', () => {
    const check = checkApiVersion(plugin('2.0'), '1.4');
    assert.equal(check.compatible, false);
    assert.equal(
      !check.compatible && check.reason,
      'Plugin payments-razorpay is built for plugin API 2.0, but this Dawa speaks plugin API 1.4: major versions differ. ' +
        'Install a release of payments-razorpay built for plugin API 1.x.',
    );
    assert.equal(checkApiVersion(plugin('0.9'), '1.0').compatible, false);
  });

  it('refuses a plugin needing a newer minor than the host has', () => {
    const check = checkApiVersion(plugin('1.5'), '1.4');
    assert.match(!check.compatible ? check.reason : '', /needs plugin API 1\.5, newer than this Dawa's 1\.4/);
  });

  it('refuses a version that is not MAJOR.MINOR', () => {
    for (const version of ['1', '1.0.0', 'latest', '01.0']) assert.equal(checkApiVersion(plugin(version)).compatible, false, version);
  });
});
