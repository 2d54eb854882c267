import assert from 'node:assert/strict';
import type { TestTenant } from './fixtures.js';
import type { TestApp } from './test-app.js';

export interface ProductFixture {
  name: string;
  ingredients?: Array<{ name: string; strength: string }>;
  manufacturer?: string;
  dosageForm?: string;
  packSize?: number;
  baseUnit?: string;
  barcodes?: string[];
  schedule?: string;
  taxClass?: string;
  hsnCode?: string | null;
  mrp?: number;
  reorderLevel?: number;
}

/** Creates a product through the API with sensible Indian defaults; returns its id. */
export async function createProduct(app: TestApp, tenant: TestTenant, product: ProductFixture): Promise<string> {
  const res = await app.api.post(
    '/api/v1/products',
    {
      dosageForm: 'tablet',
      packSize: 10,
      baseUnit: 'tablet',
      schedule: 'OTC',
      taxClass: 'GST_HSN',
      hsnCode: '3004',
      manufacturer: 'Test Pharma',
      ...product,
    },
    { tenant: tenant.slug, token: tenant.ownerToken },
  );
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body.id;
}
