import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '@dawa/platform/testing';
import { demoManifest } from '@dawa/tenants/dist/src/manifest.js';
import { provisionManifest } from '@dawa/tenants/dist/src/provision-manifest.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchChromium, screenshot, SCREENSHOTS, signIn, startConsoleApp } from './support/console-app.js';

const sanjeevani = demoManifest('sanjeevani');
const user = (role: (typeof sanjeevani.users)[number]['roles'][number]) => sanjeevani.users.find((u) => u.roles.includes(role))!;
/** A valid EAN-13 (check digit included) that the demo chain does not use yet. */
const BARCODE = '8907654321012';

describe('back-office forms: catalogue, staff and stores', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;

  before(async () => {
    app = await startConsoleApp();
    await provisionManifest(app.platform, sanjeevani, 'console forms test');
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    console.log(`Console screenshots: ${SCREENSHOTS}`);
  });

  /** Every test starts signed out: a fresh browser profile. */
  async function freshPage(): Promise<Page> {
    await context?.close();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    return context.newPage();
  }

  async function signedIn(role: Parameters<typeof user>[0], path = ''): Promise<Page> {
    const page = await freshPage();
    const u = user(role);
    await signIn(page, `${app.url}/sanjeevani/${path}`, u.email, u.password);
    // The app bar's user menu is named after whoever signed in: the sign-in has finished.
    await page.getByRole('button', { name: u.name }).waitFor();
    return page;
  }

  async function ownerGet(path: string) {
    const owner = user('owner');
    const login = await app.api.post('/api/v1/auth/login', { email: owner.email, password: owner.password }, { tenant: 'sanjeevani' });
    return app.api.get(path, { tenant: 'sanjeevani', token: login.body.accessToken });
  }

  async function fillProduct(page: Page, name: string) {
    await page.getByLabel(/^Brand name/).fill(name);
    await page.getByLabel(/^Pack size/).fill('100');
    await page.getByLabel(/^Counted in/).fill('ml');
    await page.getByLabel(/^Schedule \(IN\)/).click();
    await page.getByRole('option', { name: 'OTC (no prescription)' }).click();
    await page.getByLabel(/^HSN code/).fill('3004');
    await page.getByLabel(/^MRP per pack/).fill('12.50');
    await page.locator('.ra-input-barcodes').getByRole('button', { name: 'Add' }).click();
    await page.getByLabel(/^Barcode/).fill(BARCODE);
  }

  it('an owner creates a product with an MRP of 12.50: it is listed, and the API holds 1250 minor units', async () => {
    const page = await signedIn('owner');
    await page.goto(`${app.url}/sanjeevani/#/products`);
    await page.getByRole('link', { name: 'Create' }).click();
    await page.getByLabel(/^Brand name/).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'product form');
    await fillProduct(page, 'Dawa Cough Syrup');
    await screenshot(page, 'sanjeevani-product-create');
    await page.getByRole('button', { name: 'Save' }).click();

    const row = page.locator('tr', { hasText: 'Dawa Cough Syrup' });
    await row.waitFor();
    assert.match((await row.textContent())!, /12\.50/);
    const filter = encodeURIComponent(JSON.stringify({ q: 'Dawa Cough Syrup' }));
    const [product] = (await ownerGet(`/api/v1/products?filter=${filter}`)).body;
    assert.equal(product.mrp, 1250);
    assert.equal(product.packSize, 100);
    assert.equal(product.schedule, 'OTC');
    assert.deepEqual(product.barcodes, [BARCODE]);

    await row.getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel(/^MRP per pack/).fill('13.75');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('tr', { hasText: 'Dawa Cough Syrup' }).filter({ hasText: '13.75' }).waitFor();
    assert.equal((await ownerGet(`/api/v1/products/${product.id}`)).body.mrp, 1375);
  });

  it("a barcode another product already has: the API's message appears on the barcodes field", async () => {
    const page = await signedIn('admin', '#/products/create');
    await page.getByLabel(/^Brand name/).waitFor();
    await fillProduct(page, 'Dawa Cough Syrup Twin');
    await page.getByRole('button', { name: 'Save' }).click();
    const field = page.locator('.ra-input-barcodes');
    await field.getByText(`${BARCODE} is already used by another product`).waitFor();
    await screenshot(page, 'sanjeevani-product-duplicate-barcode');
    const filter = encodeURIComponent(JSON.stringify({ q: 'Dawa Cough Syrup Twin' }));
    assert.deepEqual((await ownerGet(`/api/v1/products?filter=${filter}`)).body, [], 'nothing was saved');
  });

  it('an admin creates a pharmacist, who can then sign in', async () => {
    const page = await signedIn('admin', '#/users/create');
    await page.getByLabel(/^Full name/).fill('Farah Qureshi');
    await page.getByLabel(/^Email/).fill('farah@sanjeevani.demo');
    const pharmacist = page.getByRole('checkbox', { name: /^pharmacist — Dispenses/ });
    await pharmacist.check();
    assert.equal(await page.getByRole('checkbox', { name: /^owner — / }).isDisabled(), true, 'an admin cannot make owners');
    await page.getByRole('checkbox', { name: 'Sanjeevani Andheri West' }).check();
    await page.getByLabel(/^Pharmacy council registration number/).fill('MH-PHARM-2020-4411');
    await page.getByLabel(/^First password/).fill('Farah-first-pass-1');
    assert.deepEqual(await axeViolations(page), [], 'staff form');
    await screenshot(page, 'sanjeevani-user-create');
    await page.getByRole('button', { name: 'Save' }).click();

    const row = page.locator('tr', { hasText: 'farah@sanjeevani.demo' });
    await row.waitFor();
    await row.getByText('pharmacist', { exact: true }).waitFor();
    await row.getByText('Sanjeevani Andheri West').waitFor();
    await screenshot(page, 'sanjeevani-users');

    const farah = await freshPage();
    await signIn(farah, `${app.url}/sanjeevani/`, 'farah@sanjeevani.demo', 'Farah-first-pass-1');
    await farah.getByText('Hello, Farah Qureshi').waitFor();
    const me = (await ownerGet('/api/v1/users?filter=' + encodeURIComponent(JSON.stringify({ q: 'farah' })))).body[0];
    assert.equal(me.registrationNumber, 'MH-PHARM-2020-4411');
  });

  it('an admin deactivates a staff account: it shows as disabled and can no longer sign in', async () => {
    const page = await signedIn('admin', '#/users');
    await page.locator('tr', { hasText: 'farah@sanjeevani.demo' }).getByRole('link', { name: 'Edit' }).click();
    await page.getByLabel(/^Account/).click();
    await page.getByRole('option', { name: 'Deactivated (cannot sign in)' }).click();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('tr', { hasText: 'farah@sanjeevani.demo' }).getByText('disabled').waitFor();
    const login = await app.api.post(
      '/api/v1/auth/login',
      { email: 'farah@sanjeevani.demo', password: 'Farah-first-pass-1' },
      { tenant: 'sanjeevani' },
    );
    assert.notEqual(login.status, 200);
  });

  it('an owner opens a store: it is in the stores list; a taken code is refused on the code field', async () => {
    const page = await signedIn('owner', '#/stores/create');
    await page.getByLabel(/^Code/).fill('HYD-BAN');
    await page.getByLabel(/^Name/).fill('Sanjeevani Banjara Hills');
    await page.getByLabel(/^Address/).fill('Road No. 12, Banjara Hills, Hyderabad');
    await page.getByLabel(/^Region/).fill('TG');
    await screenshot(page, 'sanjeevani-store-create');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('tr', { hasText: 'Sanjeevani Banjara Hills' }).getByText('HYD-BAN').waitFor();
    await screenshot(page, 'sanjeevani-stores');

    await page.goto(`${app.url}/sanjeevani/#/stores/create`);
    await page.getByLabel(/^Code/).fill('HYD-BAN');
    await page.getByLabel(/^Name/).fill('Another Banjara Hills');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.ra-input-code').getByText('is already used by another store').waitFor();
  });

  it('a cashier sees no create or edit buttons, and a create URL says it is not for them', async () => {
    const page = await signedIn('cashier', '#/products');
    await page.locator('tr', { hasText: 'Dawa Cough Syrup' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Create' }).count(), 0, 'no Create button');
    assert.equal(await page.getByRole('link', { name: 'Edit' }).count(), 0, 'no Edit links');
    await page.goto(`${app.url}/sanjeevani/#/products/create`);
    await page.getByTestId('access-denied').waitFor();
    assert.match((await page.getByTestId('access-denied').textContent())!, /only for: owner, administrator/);
  });
});
