import assert from 'node:assert/strict';
import type { ProductFixture } from './catalog-fixtures.js';
import type { TestTenant } from './fixtures.js';
import type { TestApp } from './test-app.js';

/** Enables India GST for a tenant with one Maharashtra registration (the test stores are in MH). */
export async function enableIndiaGst(app: TestApp, tenant: TestTenant): Promise<void> {
  const res = await app.api.put(
    '/api/v1/plugins/tax-india-gst',
    { enabled: true, config: { gstins: ['27AAICS1234F1ZK'] } },
    { tenant: tenant.slug, token: tenant.ownerToken },
  );
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

/** A strip of 15 at ₹34.00, HSN 3004: 5 % GST since 22 Sep 2025, 12 % before. */
export const DOLO: ProductFixture = {
  name: 'Dolo 650 Tablet',
  ingredients: [{ name: 'Paracetamol', strength: '650mg' }],
  packSize: 15,
  mrp: 3400,
};

/** A nil-rated vial at ₹150.00. */
export const INSULIN: ProductFixture = {
  name: 'Human Insulin Vial',
  dosageForm: 'injection',
  baseUnit: 'vial',
  packSize: 1,
  taxClass: 'GST_0',
  hsnCode: '3004',
  mrp: 15000,
};
