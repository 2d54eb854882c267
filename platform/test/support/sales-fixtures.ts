import assert from 'node:assert/strict';
import { createProduct, type ProductFixture } from './catalog-fixtures.js';
import type { TestTenant } from './fixtures.js';
import { inDays, receive } from './inventory-fixtures.js';
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

/** A strip of 10 at ₹35.50: 7 loose tablets cost ₹24.85. */
export const CETIRIZINE: ProductFixture = {
  name: 'Cetirizine 10 Tablet',
  ingredients: [{ name: 'Cetirizine', strength: '10mg' }],
  packSize: 10,
  mrp: 3550,
};

/**
 * The golden Indian counter: Dolo 650 (5 %), Human Insulin (nil-rated) and Cetirizine 10 (5 %), all HSN 3004,
 * received into a store with room for many sales.
 */
export async function goldenIndianProducts(app: TestApp, tenant: TestTenant, storeId: string) {
  const dolo = await createProduct(app, tenant, DOLO);
  const insulin = await createProduct(app, tenant, INSULIN);
  const strip = await createProduct(app, tenant, CETIRIZINE);
  await receive(app, tenant, storeId, [
    { productId: dolo, batchNo: 'DL-1', expiry: inDays(300), quantity: 150, mrp: 3400 },
    { productId: insulin, batchNo: 'INS-1', expiry: inDays(200), quantity: 20, mrp: 15000 },
    { productId: strip, batchNo: 'CT-1', expiry: inDays(400), quantity: 100, mrp: 3550 },
  ]);
  return { dolo, insulin, strip };
}

/**
 * A Nairobi store with Panadol 500 (VAT exempt, KES 450.00 a pack of 10) in stock: the smallest Kenyan counter a
 * payment or SMS test needs. Returns the store and product ids.
 */
export async function kenyanPanadolCounter(app: TestApp, tenant: TestTenant, storeCode = 'NBO-1', tablets = 100) {
  const store = await app.api.post(
    '/api/v1/stores',
    { code: storeCode, name: 'Moi Avenue', address: 'Moi Avenue 14, Nairobi', region: 'Nairobi' },
    { tenant: tenant.slug, token: tenant.ownerToken },
  );
  assert.equal(store.status, 201, JSON.stringify(store.body));
  const panadol = await createProduct(app, tenant, {
    name: 'Panadol 500 Tablet',
    dosageForm: 'tablet',
    baseUnit: 'tablet',
    schedule: 'GSL',
    hsnCode: null,
    packSize: 10,
    taxClass: 'VAT_A_EXEMPT',
    mrp: 45000,
  });
  await receive(app, tenant, store.body.id, [
    { productId: panadol, batchNo: `PN-${storeCode}`, expiry: inDays(300, 'Africa/Nairobi'), quantity: tablets, mrp: 45000 },
  ]);
  return { storeId: store.body.id as string, panadol };
}

/**
 * The golden Kenyan counter sale, made by the owner: a store in Nairobi, Panadol (exempt, KES 450.00 a pack of 10)
 * and a toothpaste (16 %, KES 250.00), 10 tablets and 1 tube paid by M-Pesa. Returns the API's answer.
 */
export async function goldenKenyanSale(app: TestApp, tenant: TestTenant) {
  const owner = { tenant: tenant.slug, token: tenant.ownerToken };
  const store = await app.api.post(
    '/api/v1/stores',
    { code: 'NBO-1', name: 'Moi Avenue', address: 'Moi Avenue 14, Nairobi', region: 'Nairobi' },
    owner,
  );
  assert.equal(store.status, 201, JSON.stringify(store.body));
  const base = { dosageForm: 'tablet', baseUnit: 'tablet', schedule: 'GSL', hsnCode: null };
  const panadol = await createProduct(app, tenant, {
    ...base,
    name: 'Panadol 500 Tablet',
    packSize: 10,
    taxClass: 'VAT_A_EXEMPT',
    mrp: 45000,
  });
  const paste = await createProduct(app, tenant, {
    ...base,
    name: 'Sensodyne Toothpaste',
    dosageForm: 'device',
    baseUnit: 'piece',
    packSize: 1,
    taxClass: 'VAT_B_16',
    mrp: 25000,
  });
  await receive(app, tenant, store.body.id, [
    { productId: panadol, batchNo: 'PN-1', expiry: inDays(300), quantity: 50, mrp: 45000 },
    { productId: paste, batchNo: 'SD-1', expiry: inDays(600), quantity: 10, mrp: 25000 },
  ]);
  return app.api.post(
    '/api/v1/sales',
    {
      storeId: store.body.id,
      lines: [
        { productId: panadol, quantity: 10 },
        { productId: paste, quantity: 1 },
      ],
      payments: [{ method: 'mpesa', amount: 70000, reference: 'NLJ7RT61SV' }],
    },
    owner,
  );
}
