import type { TestTenant } from './fixtures.js';
import { createProduct } from './catalog-fixtures.js';
import { inDays, receive } from './inventory-fixtures.js';
import type { TestApp } from './test-app.js';

/**
 * The golden Indian counter: Dolo 650 (strip of 15, ₹34.00, 5 %), Human Insulin (vial, ₹150.00, nil-rated) and
 * Cetirizine 10 (strip of 10, ₹35.50, 5 %), all HSN 3004, received into a store with room for many sales.
 */
export async function goldenIndianProducts(app: TestApp, tenant: TestTenant, storeId: string) {
  const dolo = await createProduct(app, tenant, { name: 'Dolo 650 Tablet', packSize: 15, mrp: 3400 });
  const insulin = await createProduct(app, tenant, {
    name: 'Human Insulin Vial',
    dosageForm: 'injection',
    baseUnit: 'vial',
    packSize: 1,
    taxClass: 'GST_0',
    mrp: 15000,
  });
  const strip = await createProduct(app, tenant, { name: 'Cetirizine 10 Tablet', packSize: 10, mrp: 3550 });
  await receive(app, tenant, storeId, [
    { productId: dolo, batchNo: 'DL-1', expiry: inDays(300), quantity: 150, mrp: 3400 },
    { productId: insulin, batchNo: 'INS-1', expiry: inDays(200), quantity: 20, mrp: 15000 },
    { productId: strip, batchNo: 'CT-1', expiry: inDays(400), quantity: 100, mrp: 3550 },
  ]);
  return { dolo, insulin, strip };
}
