import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createPluginContext, PluginConfigError } from '@dawa/plugin-sdk';
import { testTenant } from '@dawa/plugin-sdk/testing';
import mpesa from '../src/index.js';
import { config, tenant } from './fixtures.js';

describe('configuration', () => {
  it('marks every credential and the callback token secret, so the host encrypts and redacts them', () => {
    assert.deepEqual([...mpesa.secretFields].sort(), [
      'callbackToken',
      'consumerSecret',
      'passkey',
      'refunds.initiatorName',
      'refunds.securityCredential',
    ]);
  });

  it('points at Daraja’s sandbox or production host', () => {
    assert.equal(createPluginContext(mpesa, { tenant, config }).http.baseUrl, 'https://sandbox.safaricom.co.ke');
    const production = createPluginContext(mpesa, { tenant, config: { ...config, environment: 'production' } });
    assert.equal(production.http.baseUrl, 'https://api.safaricom.co.ke');
  });

  it('refuses a guessable callback token', () => {
    assert.throws(() => createPluginContext(mpesa, { tenant, config: { ...config, callbackToken: 'short' } }), PluginConfigError);
  });

  it('serves Kenyan tenants only', () => {
    assert.throws(() => createPluginContext(mpesa, { tenant: testTenant('IN'), config }), /country|serves/);
  });
});
