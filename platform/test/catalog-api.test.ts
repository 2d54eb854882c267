import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withCheckDigit } from '../src/catalog/gtin.js';
import { listQuery } from './support/api-client.js';
import { createProduct } from './support/catalog-fixtures.js';
import { assertProblem, createStore, createUser, provisionTenant, schemaOf, type TestTenant } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

describe('catalogue API', () => {
  let app: TestApp;
  let india: TestTenant;
  let kenya: TestTenant;
  const asOwner = (t: TestTenant) => ({ tenant: t.slug, token: t.ownerToken });

  before(async () => {
    app = await startTestApp();
    india = await provisionTenant(app, 'catalog-in');
    kenya = await provisionTenant(app, 'catalog-ke', { country: 'KE' });
  });
  after(() => app?.close());

  it('creates a product with its composition, barcodes and derived generic name', async () => {
    const res = await app.api.post(
      '/api/v1/products',
      {
        name: 'Augmentin 625 Duo Tablet',
        manufacturer: 'Glaxo SmithKline Pharmaceuticals Ltd',
        ingredients: [
          { name: 'Amoxycillin', strength: '500mg' },
          { name: 'Clavulanic Acid', strength: '125mg' },
        ],
        dosageForm: 'tablet',
        packSize: 10,
        baseUnit: 'tablet',
        barcodes: ['8901030865275'],
        schedule: 'H',
        taxClass: 'GST_5',
        hsnCode: '3004',
        mrp: 22350,
        reorderLevel: 50,
      },
      asOwner(india),
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
    assert.equal(res.body.genericName, 'Amoxycillin 500mg + Clavulanic Acid 125mg');
    assert.equal(res.body.prescriptionRequired, true);
    assert.deepEqual(res.body.barcodes, ['8901030865275']);
    assert.equal(res.body.mrp, 22350);
    const words = await app.sql<{ word: string }>(
      `select word from "${await schemaOf(app, india.slug)}".search_word where word in ('augmentin', 'amoxycillin', 'glaxo')`,
    );
    assert.equal(words.length, 3, 'the spelling word list follows the product in the same transaction');
  });

  it("checks barcodes and the country's schedules and tax classes", async () => {
    const base = { name: 'Thing', dosageForm: 'tablet', packSize: 10, baseUnit: 'tablet', schedule: 'OTC', taxClass: 'GST_5' };
    const badGtin = await app.api.post('/api/v1/products', { ...base, barcodes: ['8901030865278'] }, asOwner(india));
    assertProblem(badGtin, 400);
    assert.equal(badGtin.body.errors[0].field, 'barcodes.0');
    const kenyanSchedule = await app.api.post('/api/v1/products', { ...base, schedule: 'POM' }, asOwner(india));
    assertProblem(kenyanSchedule, 400);
    assert.match(kenyanSchedule.body.errors[0].message, /OTC, H, H1, X/);
    const ok = await app.api.post('/api/v1/products', { ...base, schedule: 'POM', taxClass: 'VAT_A_EXEMPT' }, asOwner(kenya));
    assert.equal(ok.status, 201);
    const taken = await app.api.post('/api/v1/products', { ...base, name: 'Other', barcodes: ['8901030865275'] }, asOwner(india));
    assertProblem(taken, 409, 'barcode-taken');
    assert.match(taken.body.detail, /Augmentin/);
  });

  it('updates only the fields sent and keeps the rest', async () => {
    const id = await createProduct(app, india, {
      name: 'Dolo 650 Tablet',
      ingredients: [{ name: 'Paracetamol', strength: '650mg' }],
      mrp: 3400,
      barcodes: [withCheckDigit('890409110001')],
    });
    const res = await app.api.put(`/api/v1/products/${id}`, { id, mrp: 3550, createdAt: 'ignored' }, asOwner(india));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.mrp, 3550);
    assert.equal(res.body.genericName, 'Paracetamol 650mg');
    assert.deepEqual(res.body.barcodes, [withCheckDigit('890409110001')]);
  });

  it('ranks substitutes cheapest per unit first (stock ranking is covered with inventory)', async () => {
    const para = [{ name: 'Paracetamol', strength: '650mg' }];
    const original = await createProduct(app, india, { name: 'Calpol 650 Tablet', ingredients: para, packSize: 15, mrp: 3000 });
    await createProduct(app, india, { name: 'Pacimol 650 Tablet', ingredients: para, packSize: 10, mrp: 1800 });
    await createProduct(app, india, { name: 'Crocin 650 Tablet', ingredients: para, packSize: 15, mrp: 3300 });
    await createProduct(app, india, {
      name: 'Paracip 650 Syrup',
      ingredients: para,
      dosageForm: 'syrup',
      baseUnit: 'ml',
      packSize: 60,
      mrp: 900,
    });
    await createProduct(app, india, { name: 'Para 500 Tablet', ingredients: [{ name: 'Paracetamol', strength: '500mg' }], mrp: 1000 });
    const res = await app.api.get(`/api/v1/products/${original}/substitutes`, asOwner(india));
    assert.deepEqual(
      res.body.map((p: any) => p.name),
      ['Pacimol 650 Tablet', 'Crocin 650 Tablet', 'Dolo 650 Tablet'],
      'same ingredient, strength and form only, by price per tablet: 1.80, 2.20, 3.55',
    );
  });

  it('lets every role read the catalogue and only owners and admins change it', async () => {
    const storeId = await createStore(app, india, 'CAT-1');
    const cashier = await createUser(app, india, 'cashier@catalog.test', ['cashier'], [storeId]);
    const list = await app.api.get(`/api/v1/products${listQuery({ filter: { q: 'dolo' } })}`, { tenant: india.slug, token: cashier.token });
    assert.deepEqual(
      list.body.map((p: any) => p.name),
      ['Dolo 650 Tablet'],
    );
    assertProblem(
      await app.api.post(
        '/api/v1/products',
        { name: 'X', dosageForm: 'tablet', packSize: 1, baseUnit: 'tablet', schedule: 'OTC', taxClass: 'GST_5' },
        { tenant: india.slug, token: cashier.token },
      ),
      403,
    );
  });

  it("never shows one chain's catalogue to another", async () => {
    const kenyan = await app.api.get(`/api/v1/products${listQuery({ range: [0, 999] })}`, asOwner(kenya));
    assert.deepEqual(
      kenyan.body.map((p: any) => p.name),
      ['Thing'],
    );
    const indianId = (await app.api.get(`/api/v1/products${listQuery({ filter: { q: 'augmentin' } })}`, asOwner(india))).body[0].id;
    assertProblem(await app.api.get(`/api/v1/products/${indianId}`, asOwner(kenya)), 404);
    assertProblem(await app.api.put(`/api/v1/products/${indianId}`, { mrp: 1 }, asOwner(kenya)), 404);
  });
});
