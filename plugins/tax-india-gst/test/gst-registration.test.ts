import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createExtension, parsePluginConfig, PluginInputError } from '@dawa/plugin-sdk';
import { rejectsWithCode } from '@dawa/plugin-sdk/testing';
import { isValidGstin } from '../src/gstin.js';
import gst from '../src/index.js';
import { gstStateForRegion } from '../src/states.js';
import { counterSale, gstProvider, GSTIN_KA, GSTIN_MH, line, tenant } from './fixtures.js';

describe('GST registrations and states', () => {
  it("checks a GSTIN's check character, so a transposed character is caught", () => {
    // Published example GSTINs (Maharashtra and Delhi registrations of one PAN).
    assert.ok(isValidGstin('27AAPFU0939F1ZV'));
    assert.ok(isValidGstin('07AAPFU0939F1ZX'));
    assert.ok(!isValidGstin('27AAPFU0939F1ZW'));
    assert.ok(!isValidGstin('27AAPFU9039F1ZV'));
    assert.ok(!isValidGstin('27APAFU0939F1ZV'));
    // State code 72 does not exist.
    assert.ok(!isValidGstin('72AAPFU0939F1ZV'));
  });

  it('knows states by current and former region codes, in any case', () => {
    assert.equal(gstStateForRegion('mh')?.code, '27');
    assert.equal(gstStateForRegion('KA')?.name, 'Karnataka');
    assert.equal(gstStateForRegion('OR')?.code, '21');
    assert.equal(gstStateForRegion('TG')?.code, '36');
    assert.equal(gstStateForRegion('XX'), undefined);
  });

  it('accepts one valid GSTIN per state and defaults to none', () => {
    assert.deepEqual(parsePluginConfig(gst, undefined), { gstins: [], hsnDigits: 4 });
    assert.deepEqual(parsePluginConfig(gst, { gstins: [GSTIN_MH.toLowerCase()], hsnDigits: 6 }).gstins, [GSTIN_MH]);
    assert.throws(() => parsePluginConfig(gst, { gstins: ['27AAPFU0939F1ZW'] }), /gstins\.0: must be a valid GSTIN/);
    assert.throws(() => parsePluginConfig(gst, { gstins: [GSTIN_MH, '27AAPFU0939F1ZV'] }), /at most one GSTIN per state/);
  });

  it('quotes with the GSTIN of the store state, and without one where the chain is not registered', async () => {
    assert.equal((await gstProvider().quote(counterSale([line('a', 100)], { seller: { region: 'KA' } }))).seller.taxId, GSTIN_KA);
    assert.deepEqual((await gstProvider().quote(counterSale([line('a', 100)], { seller: { region: 'DL' } }))).seller, { region: 'DL' });
  });

  it('refuses unknown states, a bad buyer GSTIN and lines it cannot rate, all at once', async () => {
    const request = counterSale([line('a', 100, { commodityCode: null }), line('b', 100, { commodityCode: '8517' })], {
      seller: { region: 'ZZ' },
      placeOfSupply: 'QQ',
      buyer: { taxId: '29AABCT1332L1ZB' },
    });
    await assert.rejects(gstProvider().quote(request), (error: PluginInputError) => {
      assert.deepEqual(
        error.issues.map((i) => i.field),
        ['seller.region', 'placeOfSupply', 'buyer.taxId', 'lines.0.commodityCode', 'lines.1.commodityCode'],
      );
      return true;
    });
    await rejectsWithCode(gstProvider().quote(counterSale([line('a', 100)], { date: '2017-06-30' })), 'invalid_input', 'date');
  });

  it('refuses a tenant that does not price in rupees', () => {
    assert.throws(() => createExtension(gst, 'tax', { tenant: { ...tenant, currency: 'USD' }, config: {} }), /GST amounts are in INR/);
  });
});
