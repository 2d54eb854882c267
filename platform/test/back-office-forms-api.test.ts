import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertProblem, createStore, createUser, PASSWORD, provisionTenant, type TestTenant } from './support/fixtures.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** What the back office's create/edit forms read from the API besides the CRUD routes themselves. */
describe('API for the back-office forms', () => {
  let app: TestApp;
  let india: TestTenant;
  let kenya: TestTenant;
  let store: string;
  const as = (t: TestTenant, token = t.ownerToken) => ({ tenant: t.slug, token });

  before(async () => {
    app = await startTestApp();
    india = await provisionTenant(app, 'forms-in');
    kenya = await provisionTenant(app, 'forms-ke', { country: 'KE' });
    store = await createStore(app, india, 'F-1');
  });
  after(() => app?.close());

  it("offers the product form its own country's schedules and tax classes", async () => {
    const inRules = await app.api.get('/api/v1/products/rules', as(india));
    assert.equal(inRules.status, 200, JSON.stringify(inRules.body));
    assert.deepEqual(inRules.body.schedules, ['OTC', 'H', 'H1', 'X']);
    assert.ok(inRules.body.taxClasses.includes('GST_HSN'));
    assert.deepEqual(inRules.body.taxClassesNeedingCommodityCode, ['GST_HSN', 'GST_LIFESAVING']);
    assert.deepEqual(
      inRules.body.dosageForms.find((f: { name: string }) => f.name === 'syrup'),
      { name: 'syrup', baseUnit: 'ml' },
    );
    const keRules = await app.api.get('/api/v1/products/rules', as(kenya));
    assert.deepEqual(keRules.body.schedules, ['GSL', 'P', 'POM', 'CD']);
    assert.ok(!keRules.body.taxClasses.includes('GST_HSN'), 'a Kenyan chain is never offered Indian GST classes');
  });

  it('lists the roles with what each does, marking those the caller may give', async () => {
    const owner = await app.api.get('/api/v1/users/roles', as(india));
    assert.equal(owner.status, 200, JSON.stringify(owner.body));
    assert.deepEqual(
      owner.body.map((r: { id: string; assignable: boolean }) => [r.id, r.assignable]),
      [
        ['owner', true],
        ['admin', true],
        ['store_manager', true],
        ['pharmacist', true],
        ['cashier', true],
        ['auditor', true],
      ],
    );
    assert.match(owner.body.find((r: { id: string }) => r.id === 'pharmacist').description, /prescriptions/);

    const manager = await createUser(app, india, 'manager@forms.test', ['store_manager'], [store]);
    const managed = await app.api.get('/api/v1/users/roles', as(india, manager.token));
    assert.deepEqual(
      managed.body.filter((r: { assignable: boolean }) => r.assignable).map((r: { id: string }) => r.id),
      ['pharmacist', 'cashier'],
    );
    const cashier = await createUser(app, india, 'cashier@forms.test', ['cashier'], [store]);
    assertProblem(await app.api.get('/api/v1/users/roles', as(india, cashier.token)), 403);
  });

  it('a second account with the same email is refused on the email field', async () => {
    const body = { email: 'cashier@forms.test', name: 'Another', password: PASSWORD, roles: ['cashier'], storeIds: [store] };
    const res = await app.api.post('/api/v1/users', body, as(india));
    assertProblem(res, 409, 'email-taken');
    assert.deepEqual(res.body.errors, [{ field: 'email', message: 'is already used by another account in this chain' }]);
  });

  it('a second store with the same code is refused on the code field', async () => {
    const res = await app.api.post('/api/v1/stores', { code: 'F-1', name: 'Twin' }, as(india));
    assertProblem(res, 409, 'store-code-taken');
    assert.deepEqual(res.body.errors, [{ field: 'code', message: 'is already used by another store' }]);
  });
});
