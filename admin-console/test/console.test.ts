import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { totpAt, type TestApp } from '@dawa/platform/testing';
import { seedDemoData } from '@dawa/tenants/dist/src/demo-data.js';
import { demoManifest } from '@dawa/tenants/dist/src/manifest.js';
import { provisionManifest } from '@dawa/tenants/dist/src/provision-manifest.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchChromium, rgb, screenshot, SCREENSHOTS, signIn, startConsoleApp } from './support/console-app.js';

const sanjeevani = demoManifest('sanjeevani');
const afya = demoManifest('afya');
const user = (manifest: typeof sanjeevani, role: (typeof sanjeevani.users)[number]['roles'][number]) =>
  manifest.users.find((u) => u.roles.includes(role))!;

describe('admin console in headless Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;

  before(async () => {
    app = await startConsoleApp();
    for (const manifest of [sanjeevani, afya]) await provisionManifest(app.platform, manifest, 'console test');
    await seedDemoData(app.url, sanjeevani);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    console.log(`Console screenshots: ${SCREENSHOTS}`);
  });

  /** Every test starts signed out: a fresh browser profile, as another person at another counter. */
  async function freshPage(): Promise<Page> {
    await context?.close();
    context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    return context.newPage();
  }

  async function apiAs(manifest: typeof sanjeevani, role: Parameters<typeof user>[1]) {
    const u = user(manifest, role);
    const login = await app.api.post('/api/v1/auth/login', { email: u.email, password: u.password }, { tenant: manifest.slug });
    assert.equal(login.status, 200);
    const token: string = login.body.accessToken;
    return { token, get: (path: string) => app.api.get(path, { tenant: manifest.slug, token }) };
  }

  /** The scan box is enabled and takes the focus once the store is known: from then on a scan sells. */
  async function posReady(page: Page): Promise<void> {
    await page.waitForFunction(() => document.activeElement?.getAttribute('aria-label') === 'Scan or search products', undefined, {
      timeout: 30_000,
    });
  }

  /** A priced, barcoded product that needs no prescription, from the demo catalogue. */
  async function overTheCounterProduct() {
    const api = await apiAs(sanjeevani, 'owner');
    const products = (await api.get('/api/v1/products?range=[0,999]&sort=["mrp","ASC"]')).body as Array<{
      id: string;
      name: string;
      barcodes: string[];
      mrp: number | null;
      packSize: number;
      prescriptionRequired: boolean;
    }>;
    const product = products.find((p) => p.barcodes.length && p.mrp && !p.prescriptionRequired);
    assert.ok(product, 'the demo catalogue has an over-the-counter product with a barcode');
    return product;
  }

  for (const manifest of [sanjeevani, afya]) {
    it(`${manifest.slug}: the sign-in page and the back office wear the chain's own name and colours`, async () => {
      const page = await freshPage();
      const other = manifest === sanjeevani ? afya : sanjeevani;
      await page.goto(`${app.url}/${manifest.slug}/`);
      await page.getByTestId('brand-name').filter({ hasText: manifest.name }).waitFor();
      const loginBackground = await page.locator('main').evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.equal(loginBackground, rgb(manifest.branding!.primaryColor!));
      await screenshot(page, `${manifest.slug}-login`);

      const owner = user(manifest, 'owner');
      await signIn(page, `${app.url}/${manifest.slug}/`, owner.email, owner.password);
      await page.getByText(`Hello, ${owner.name}`).waitFor();
      const appBar = await page
        .locator('header')
        .first()
        .evaluate((el) => getComputedStyle(el).backgroundColor);
      assert.equal(appBar, rgb(manifest.branding!.primaryColor!));
      assert.equal(await page.title(), `${manifest.name} · back office`);
      assert.ok(!(await page.content()).includes(other.name), `${manifest.slug}'s console never shows ${other.name}`);
      await screenshot(page, `${manifest.slug}-dashboard`);
    });
  }

  it('signing in to one chain does not sign you in to another: the afya console still asks who you are', async () => {
    const page = await freshPage();
    const owner = user(sanjeevani, 'owner');
    await signIn(page, `${app.url}/sanjeevani/`, owner.email, owner.password);
    await page.getByText(`Hello, ${owner.name}`).waitFor();
    await page.goto(`${app.url}/afya/`);
    await page.getByLabel('Email').waitFor();
    await page.getByTestId('brand-name').filter({ hasText: afya.name }).waitFor();
  });

  it('an expired access token is refreshed silently; a replayed refresh token signs the console out and says why', async () => {
    const owner = user(sanjeevani, 'owner');
    const login = await app.api.post('/api/v1/auth/login', { email: owner.email, password: owner.password }, { tenant: 'sanjeevani' });
    const first = login.body as { accessToken: string; refreshToken: string };
    const second = (await app.api.post('/api/v1/auth/refresh', { refreshToken: first.refreshToken }, { tenant: 'sanjeevani' })).body;
    const session = (tokens: { accessToken: string; refreshToken: string }) =>
      JSON.stringify({ accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, expiresAt: 0 });
    const KEY = 'dawa:tenant:sanjeevani:session';

    const page = await freshPage();
    await context.addInitScript(([key, value]) => localStorage.getItem(key) ?? localStorage.setItem(key, value), [KEY, session(second)]);
    await page.goto(`${app.url}/sanjeevani/`);
    await page.getByText(`Hello, ${owner.name}`).waitFor();
    const rotated = JSON.parse((await page.evaluate((key) => localStorage.getItem(key), KEY))!);
    assert.notEqual(rotated.refreshToken, second.refreshToken, 'the console rotated the refresh token');

    // The first refresh token was spent above: presenting it again is what a thief would do.
    const replay = await freshPage();
    await context.addInitScript(([key, value]) => localStorage.getItem(key) ?? localStorage.setItem(key, value), [KEY, session(first)]);
    await replay.goto(`${app.url}/sanjeevani/`);
    await replay.getByRole('alert').filter({ hasText: 'Your session was ended for safety' }).waitFor();
    assert.equal(await replay.evaluate((key) => localStorage.getItem(key), KEY), null, 'the tokens are gone');
    const revoked = await app.api.post('/api/v1/auth/refresh', { refreshToken: rotated.refreshToken }, { tenant: 'sanjeevani' });
    assert.equal(revoked.status, 401, 'the API ended the whole session family, the other tab included');
  });

  it('two-step sign-in: the console asks for the authenticator code only when the API does', async () => {
    const pharmacist = user(sanjeevani, 'pharmacist');
    const api = await apiAs(sanjeevani, 'pharmacist');
    const enrol = await app.api.post('/api/v1/auth/mfa/enrol', {}, { tenant: 'sanjeevani', token: api.token });
    assert.equal(enrol.status, 200, JSON.stringify(enrol.body));
    const secret: string = enrol.body.secret;
    const verify = await app.api.post(
      '/api/v1/auth/mfa/verify',
      { code: totpAt(secret, Date.now() / 1000) },
      { tenant: 'sanjeevani', token: api.token },
    );
    assert.equal(verify.status, 200, JSON.stringify(verify.body));

    const page = await freshPage();
    await signIn(page, `${app.url}/sanjeevani/`, pharmacist.email, pharmacist.password);
    await page.getByRole('alert').filter({ hasText: 'Enter the 6-digit code from your authenticator app.' }).waitFor();
    await page.getByLabel('Authenticator code').fill(totpAt(secret, Date.now() / 1000));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText(`Hello, ${pharmacist.name}`).waitFor();
  });

  it('POS: a scanned barcode and Enter make a cash sale; stock goes down by one pack and the invoice exists', async () => {
    const cashier = user(sanjeevani, 'cashier');
    const api = await apiAs(sanjeevani, 'owner');
    const store = (await api.get('/api/v1/stores?range=[0,99]')).body.find((s: { code: string }) => s.code === cashier.storeCodes[0]);
    const product = await overTheCounterProduct();
    const stockFilter = encodeURIComponent(JSON.stringify({ storeId: store.id, productId: product.id }));
    const onHand = async () =>
      ((await api.get(`/api/v1/stock?filter=${stockFilter}&range=[0,99]`)).body as { quantity: number }[]).reduce(
        (n, b) => n + b.quantity,
        0,
      );
    const before = await onHand();

    const page = await freshPage();
    // Signing in returns the cashier to the page they opened.
    await signIn(page, `${app.url}/sanjeevani/#/pos`, cashier.email, cashier.password);
    await posReady(page);
    // A scanner is a keyboard: the digits, then Enter.
    await page.keyboard.type(product.barcodes[0], { delay: 5 });
    await page.keyboard.press('Enter');
    await page.getByTestId('pos-line').filter({ hasText: product.name }).waitFor();
    await screenshot(page, 'sanjeevani-pos-bill');
    await page.keyboard.press('Enter');
    const invoiceNo = (await page.getByTestId('pos-invoice-no').textContent({ timeout: 15_000 }))!.trim();
    assert.match(invoiceNo, /\S+/);
    await screenshot(page, 'sanjeevani-pos-sold');

    assert.equal(await onHand(), before - product.packSize, 'one pack left the store');
    const sales = await api.get(`/api/v1/sales?filter=${encodeURIComponent(JSON.stringify({ invoiceNo }))}`);
    assert.equal(sales.body.length, 1);
    const sale = sales.body[0];
    assert.equal(sale.status, 'completed');
    assert.deepEqual(
      sale.lines.map((l: { productId: string; quantity: number }) => [l.productId, l.quantity]),
      [[product.id, product.packSize]],
    );
    const pdf = await fetch(`${app.url}/api/v1/sales/${sale.id}/invoice.pdf`, {
      headers: {
        'x-tenant': 'sanjeevani',
        authorization: `Bearer ${(await app.api.post('/api/v1/auth/login', { email: cashier.email, password: cashier.password }, { tenant: 'sanjeevani' })).body.accessToken}`,
      },
    });
    assert.equal(pdf.status, 200);
    assert.equal((await pdf.arrayBuffer()).byteLength > 1000, true, 'the invoice PDF has content');
  });

  it("the owner's back office shows the counter's sale: daily sales, stock movements, sales and the audit chain", async () => {
    const page = await freshPage();
    const owner = user(sanjeevani, 'owner');
    await signIn(page, `${app.url}/sanjeevani/`, owner.email, owner.password);
    await page.getByText(`Hello, ${owner.name}`).waitFor();

    await page.goto(`${app.url}/sanjeevani/#/reports/daily-sales`);
    await page.getByRole('heading', { name: /^1 sales · / }).waitFor();
    await page.getByRole('table', { name: 'By payment method' }).getByText('cash', { exact: true }).waitFor();
    await screenshot(page, 'sanjeevani-daily-sales');

    await page.goto(`${app.url}/sanjeevani/#/stock/movements`);
    await page
      .locator('td', { hasText: /^sale$/ })
      .first()
      .waitFor();
    await screenshot(page, 'sanjeevani-stock-movements');

    await page.goto(`${app.url}/sanjeevani/#/sales`);
    await page.getByText('completed').first().waitFor();
    await screenshot(page, 'sanjeevani-sales');

    await page.goto(`${app.url}/sanjeevani/#/stock`);
    await page
      .getByText(/near expiry|ok/)
      .first()
      .waitFor();
    await screenshot(page, 'sanjeevani-stock');

    const api = await apiAs(sanjeevani, 'owner');
    const supplier = await app.api.post(
      '/api/v1/suppliers',
      { name: 'Mahalaxmi Distributors', leadTimeDays: 3 },
      { tenant: 'sanjeevani', token: api.token },
    );
    assert.equal(supplier.status, 201, JSON.stringify(supplier.body));
    await page.goto(`${app.url}/sanjeevani/#/suppliers`);
    await page.getByText('Mahalaxmi Distributors').waitFor();
    await page.goto(`${app.url}/sanjeevani/#/purchase-orders`);
    await page.locator('.RaList-main').waitFor();
    await screenshot(page, 'sanjeevani-purchase-orders');

    await page.goto(`${app.url}/sanjeevani/#/products/import`);
    await page.getByLabel('Catalogue file').setInputFiles({
      name: 'new-products.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'name,manufacturer,composition,dosage_form,pack_size,base_unit,barcodes,schedule,tax_class,hsn_code,mrp,reorder_level\n' +
          'Console Test Tablet,Test Labs,Paracetamol 500mg,tablet,10,tablet,8901234567890,OTC,GST_HSN,3004,25.00,10\n',
      ),
    });
    await page
      .getByTestId('import-progress')
      .getByText(/^completed: 1 of 1 rows · 1 new/)
      .waitFor();
    await screenshot(page, 'sanjeevani-product-import');

    await page.goto(`${app.url}/sanjeevani/#/audit-logs`);
    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByText(/^The audit chain is intact \(\d+ entries checked\)\.$/).waitFor();
    await screenshot(page, 'sanjeevani-audit-log');
  });

  it('a cashier sees no admin menus, and an admin URL says clearly that it is not for them', async () => {
    const page = await freshPage();
    const cashier = user(sanjeevani, 'cashier');
    await signIn(page, `${app.url}/sanjeevani/`, cashier.email, cashier.password);
    const menu = page.locator('.RaSidebar-fixed');
    await menu.getByText('Point of sale').waitFor();
    for (const adminOnly of [
      'Users',
      'Stores',
      'Audit log',
      'Branding',
      'Plugins',
      'Daily sales',
      'Purchase orders',
      'Suppliers',
      'Import products',
    ]) {
      assert.equal(await menu.getByText(adminOnly, { exact: true }).count(), 0, `${adminOnly} is hidden from a cashier`);
    }
    await page.goto(`${app.url}/sanjeevani/#/users`);
    const denied = page.getByTestId('access-denied');
    await denied.waitFor();
    assert.match((await denied.textContent())!, /only for: owner, administrator\. You are signed in as cashier/);
    await screenshot(page, 'sanjeevani-cashier-denied');
  });

  it('an operator provisions a tenant with its catalogue in the operators’ console and watches it complete', async () => {
    const page = await freshPage();
    await signIn(page, `${app.url}/_operator/`, 'operator@test.dawa', 'operator-password-1');
    await page.getByText('sanjeevani', { exact: true }).waitFor();
    await screenshot(page, 'operator-tenants');
    await page.goto(`${app.url}/_operator/#/tenants/create`);
    await page.getByLabel(/^Slug/).fill('medplus-test');
    await page.getByLabel(/^Name/).fill('Medplus Test');
    await page.getByLabel(/^Country/).click();
    await page.getByRole('option', { name: 'Kenya' }).click();
    await page.getByLabel("Owner's name").fill('Wanjiru Kamau');
    await page.getByLabel("Owner's email").fill('owner@medplus.test');
    await page.getByLabel("Owner's first password").fill('Medplus-owner-pass-1');
    await page.locator('input[type=file]').setInputFiles({
      name: 'medplus-products.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'name,manufacturer,pack_size,schedule,tax_class,mrp\n' +
          'Panadol Advance 500mg Tablets,GSK,24,GSL,VAT_A_EXEMPT,120.00\n' +
          'Augmentin 625mg Tablets,GSK,14,POM,VAT_A_EXEMPT,1450.00\n',
      ),
    });
    await page.getByText('medplus-products.csv').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('provisioning-status').waitFor({ timeout: 60_000 });
    assert.match((await page.getByTestId('provisioning-status').textContent())!, /complete: the chain is active/);
    const health = page.getByTestId('tenant-health');
    await health.waitFor();
    assert.match((await health.textContent())!, /Schema current .* 0 stores · 1 active staff.*tax-kenya-vat \(tax\): enabled/);
    await screenshot(page, 'operator-provisioned');
    const login = await app.api.post(
      '/api/v1/auth/login',
      { email: 'owner@medplus.test', password: 'Medplus-owner-pass-1' },
      { tenant: 'medplus-test' },
    );
    assert.equal(login.status, 200, 'the new chain’s owner can sign in');
    const products = await app.api.get('/api/v1/products?sort=["name","ASC"]', { tenant: 'medplus-test', token: login.body.accessToken });
    assert.deepEqual(
      products.body.map((p: { name: string; mrp: number; schedule: string }) => [p.name, p.mrp, p.schedule]),
      [
        ['Augmentin 625mg Tablets', 145000, 'POM'],
        ['Panadol Advance 500mg Tablets', 12000, 'GSL'],
      ],
      'the catalogue chosen at provisioning is the chain’s product list on its first day',
    );
  });

  it('accessibility: the sign-in page and the POS pass axe (WCAG A) and the POS works from the keyboard', async () => {
    const page = await freshPage();
    await page.goto(`${app.url}/sanjeevani/`);
    await page.getByLabel('Email').waitFor();
    assert.deepEqual(await axeViolations(page), [], 'sign-in page');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('type')), 'email', 'the email field has the focus');

    const cashier = user(sanjeevani, 'cashier');
    await signIn(page, `${app.url}/sanjeevani/#/pos`, cashier.email, cashier.password);
    await page.getByTestId('pos-search').waitFor();
    await page.goto(`${app.url}/sanjeevani/#/pos`);
    await posReady(page);
    // Type-ahead: a few letters of the name, then Enter takes the best match.
    const product = await overTheCounterProduct();
    await page.keyboard.type(product.name.slice(0, 6));
    await page.getByRole('list', { name: 'Search results' }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('pos-line').first().waitFor();
    assert.deepEqual(await axeViolations(page), [], 'POS with a bill');
    await page.keyboard.press('Tab');
    assert.notEqual(await page.evaluate(() => document.activeElement?.tagName), 'BODY', 'Tab moves to the next control');
  });
});
