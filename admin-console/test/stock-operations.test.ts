import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '@dawa/platform/testing';
import { seedDemoData } from '@dawa/tenants/dist/src/demo-data.js';
import { demoManifest } from '@dawa/tenants/dist/src/manifest.js';
import { provisionManifest } from '@dawa/tenants/dist/src/provision-manifest.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchChromium, screenshot, SCREENSHOTS, signIn, startConsoleApp } from './support/console-app.js';
import { demoApi, demoUser, type DemoRole } from './support/demo-staff.js';

const sanjeevani = demoManifest('sanjeevani');

interface Batch {
  id: string;
  storeId: string;
  productId: string;
  productName: string;
  batchNo: string;
  quantity: number;
}

describe('stock operations in the back office', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let stores: Record<string, { id: string; name: string }>;

  before(async () => {
    app = await startConsoleApp();
    await provisionManifest(app.platform, sanjeevani, 'stock operations test');
    await seedDemoData(app.url, sanjeevani);
    browser = await launchChromium();
    const owner = await demoApi(app, sanjeevani, 'owner');
    const list = (await owner.get('/api/v1/stores?range=[0,99]')).body as { id: string; code: string; name: string }[];
    stores = Object.fromEntries(list.map((s) => [s.code, s]));
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    console.log(`Console screenshots: ${SCREENSHOTS}`);
  });

  async function signedIn(role: DemoRole): Promise<Page> {
    await context?.close();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const u = demoUser(sanjeevani, role);
    await signIn(page, `${app.url}/sanjeevani/`, u.email, u.password);
    await page.getByText(`Hello, ${u.name}`).waitFor();
    return page;
  }

  async function batches(storeCode: string, productId?: string): Promise<Batch[]> {
    const owner = await demoApi(app, sanjeevani, 'owner');
    const filter = JSON.stringify({ storeId: stores[storeCode].id, ...(productId ? { productId } : {}) });
    return (await owner.get(`/api/v1/stock?range=[0,999]&filter=${encodeURIComponent(filter)}`)).body;
  }

  const onHand = async (storeCode: string, productId: string) =>
    (await batches(storeCode, productId)).reduce((sum, b) => sum + b.quantity, 0);

  async function pick(page: Page, label: string, option: string | RegExp) {
    await page.getByRole('combobox', { name: label }).click();
    await page.getByRole('option', { name: option }).click();
  }

  async function pickProduct(page: Page, name: string) {
    await page.getByRole('combobox', { name: 'Product' }).fill(name.slice(0, 10));
    await page.getByRole('option', { name, exact: true }).click();
  }

  it('a store manager adjusts a batch down by 2 for damage: the stock list and the movements show it', async () => {
    const batch = (await batches('MUM-AND')).find((b) => b.quantity > 10)!;
    const page = await signedIn('store_manager');
    const filter = encodeURIComponent(JSON.stringify({ storeId: batch.storeId, productId: batch.productId }));
    await page.goto(`${app.url}/sanjeevani/#/stock?filter=${filter}`);
    await page.getByRole('link', { name: `Adjust batch ${batch.batchNo}` }).click();

    await page.getByRole('heading', { name: 'Adjust stock' }).waitFor();
    await page
      .getByRole('combobox', { name: 'Batch' })
      .filter({ hasText: `${batch.batchNo} · expires` })
      .waitFor();
    await page.getByLabel(/^Quantity change/).fill('-2');
    await page.getByText(`After the adjustment: ${batch.quantity - 2} on hand`).waitFor();
    await pick(page, 'Reason', /^Damaged/);
    await page.getByLabel('Note').fill('strip crushed in delivery');
    assert.deepEqual(await axeViolations(page), [], 'the adjustment form passes axe (WCAG A)');
    await screenshot(page, 'stock-adjust-form');
    await page.getByRole('button', { name: 'Adjust stock' }).click();

    await page.getByText(`Batch ${batch.batchNo} adjusted by -2: ${batch.quantity - 2} on hand.`).waitFor();
    const row = page.locator('tr', { hasText: batch.batchNo });
    await row.locator('td', { hasText: new RegExp(`^${(batch.quantity - 2).toLocaleString('en-US')}$`) }).waitFor();
    await screenshot(page, 'stock-after-adjustment');
    const [after] = (await batches('MUM-AND', batch.productId)).filter((b) => b.id === batch.id);
    assert.equal(after.quantity, batch.quantity - 2);

    await page.goto(`${app.url}/sanjeevani/#/stock/movements`);
    const movement = page.locator('tr', { hasText: batch.batchNo }).filter({ hasText: 'damaged: strip crushed in delivery' });
    await movement.locator('td', { hasText: /^adjustment$/ }).waitFor();
    await movement.locator('td', { hasText: /^-2$/ }).waitFor();
    await screenshot(page, 'stock-movement-adjustment');
  });

  it('taking more than is on hand: the form shows the API’s refusal and the count does not change', async () => {
    const batch = (await batches('PUN-KOR')).find((b) => b.quantity > 0)!;
    const page = await signedIn('store_manager');
    await page.goto(`${app.url}/sanjeevani/#/stock`);
    await page.getByRole('link', { name: 'Adjust stock' }).click();
    await page.getByRole('heading', { name: 'Adjust stock' }).waitFor();
    await pick(page, 'Store', stores['PUN-KOR'].name);
    await pickProduct(page, batch.productName);
    await pick(page, 'Batch', new RegExp(`^${batch.batchNo} · `));
    await page.getByLabel(/^Quantity change/).fill(String(-(batch.quantity + 5)));
    await pick(page, 'Reason', /^Theft or loss/);
    await page.getByRole('button', { name: 'Adjust stock' }).click();

    const refusal = page.getByTestId('adjustment-refused');
    await refusal.waitFor();
    assert.equal(
      (await refusal.textContent())!.trim(),
      `Batch ${batch.batchNo} has only ${batch.quantity} on hand; cannot take ${batch.quantity + 5}.`,
    );
    await screenshot(page, 'stock-adjust-refused');
    assert.equal((await batches('PUN-KOR', batch.productId)).find((b) => b.id === batch.id)!.quantity, batch.quantity);
  });

  it('a transfer of 3 units is sent from Andheri to Koregaon Park and received there; both stores’ stock follows', async () => {
    const product = (await batches('MUM-AND')).find((b) => b.quantity > 20 && !/Huminsulin|Electral/.test(b.productName))!;
    const [fromBefore, toBefore] = [await onHand('MUM-AND', product.productId), await onHand('PUN-KOR', product.productId)];
    const page = await signedIn('store_manager');
    await page.goto(`${app.url}/sanjeevani/#/stock/transfers`);
    await page.getByRole('link', { name: 'Send stock' }).click();
    await pick(page, 'From store', stores['MUM-AND'].name);
    await pick(page, 'To store', stores['PUN-KOR'].name);
    await pickProduct(page, product.productName);
    await page.getByLabel('Quantity').fill('3');
    await page
      .getByTestId('transfer-on-hand')
      .filter({ hasText: `${fromBefore} on hand` })
      .waitFor();
    // react-admin's loading spinner (unlabelled) shows while the on-hand lookup is in flight; axe the settled form.
    await page.locator('.MuiCircularProgress-root').waitFor({ state: 'detached' });
    assert.deepEqual(await axeViolations(page), [], 'the transfer form passes axe (WCAG A)');
    await screenshot(page, 'transfer-send-form');
    await page.getByRole('button', { name: 'Save' }).click();

    await page.locator('.RaShow-main').getByText('in_transit').waitFor();
    await page.locator('tr', { hasText: product.productName }).first().waitFor();
    assert.equal(await onHand('MUM-AND', product.productId), fromBefore - 3, 'the units left the sending store');
    assert.equal(await onHand('PUN-KOR', product.productId), toBefore, 'in transit: not yet at the receiving store');
    await screenshot(page, 'transfer-in-transit');

    await page.getByRole('button', { name: 'Receive', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Receive the transfer' });
    await dialog.getByRole('button', { name: 'Receive', exact: true }).click();
    await page.getByText('Received in full.').waitFor();
    await page.locator('.RaShow-main').getByText('received', { exact: true }).waitFor();
    await screenshot(page, 'transfer-received');
    assert.equal(await onHand('MUM-AND', product.productId), fromBefore - 3);
    assert.equal(await onHand('PUN-KOR', product.productId), toBefore + 3, 'the receiving store has the 3 units');

    // The batches travel with their numbers: Koregaon Park's stock list now has Andheri's batches, as received.
    const manager = await demoApi(app, sanjeevani, 'store_manager');
    const [transfer] = (await manager.get('/api/v1/stock/transfers?range=[0,0]')).body as {
      lines: { batchNo: string; quantityReceived: number }[];
    }[];
    const filter = encodeURIComponent(JSON.stringify({ storeId: stores['PUN-KOR'].id, productId: product.productId }));
    await page.goto(`${app.url}/sanjeevani/#/stock?filter=${filter}`);
    for (const line of transfer.lines) {
      await page
        .locator('tr', { hasText: line.batchNo })
        // The stock list's own column: right after the hash changes, the transfer's page may still be on screen.
        .locator('td.column-quantity', { hasText: new RegExp(`^${line.quantityReceived}$`) })
        .waitFor();
    }
    await screenshot(page, 'transfer-stock-at-destination');
  });

  it('a cashier opens the drawer with a float and closes it short: expected, counted and the difference are shown', async () => {
    const page = await signedIn('cashier');
    await page.goto(`${app.url}/sanjeevani/#/cash-sessions`);
    await page.getByRole('link', { name: 'Open drawer' }).click();
    await pick(page, 'Store', stores['MUM-AND'].name);
    await page.getByLabel(/^Opening float/).fill('2000');
    await page.getByRole('button', { name: 'Save' }).click();

    const money = (major: number) =>
      page.evaluate((n) => new Intl.NumberFormat(undefined, { style: 'currency', currency: 'INR' }).format(n), major);
    const row = page.locator('tr', { hasText: 'open' }).filter({ hasText: stores['MUM-AND'].name });
    await row.getByText(await money(2000)).waitFor();
    await row.getByRole('button', { name: 'Close drawer' }).click();
    await page.getByLabel('Cash counted in the drawer').fill('1990.50');
    await page.getByRole('dialog').getByRole('button', { name: 'Close drawer' }).click();

    const result = page.getByTestId('drawer-result');
    await result.waitFor();
    assert.deepEqual(
      (await result.locator('tr').allTextContents()).map((t) => t.trim()),
      [`Expected${await money(2000)}`, `Counted${await money(1990.5)}`, `Differenceshort by ${await money(9.5)}`],
    );
    await screenshot(page, 'cash-drawer-closed-short');
    await page.getByRole('button', { name: 'Done' }).click();
    await page
      .locator('tr', { hasText: 'closed' })
      .getByText(await money(-9.5))
      .waitFor();
    const cashier = await demoApi(app, sanjeevani, 'cashier');
    const [session] = (await cashier.get('/api/v1/cash-sessions?sort=["openedAt","DESC"]&range=[0,0]')).body;
    assert.deepEqual([session.status, session.openingFloat, session.countedCash, session.difference], ['closed', 200000, 199050, -950]);
  });

  it('the alerts screen lists a product the demo stock left below its reorder level, linking to its stock', async () => {
    const manager = await demoApi(app, sanjeevani, 'store_manager');
    const alerts = (await manager.get(`/api/v1/stock/alerts?storeId=${stores['MUM-AND'].id}`)).body;
    const low = alerts.belowReorderLevel.find((p: { name: string }) => p.name === 'Electral ORS Powder');
    assert.ok(low, 'the demo stock leaves Electral ORS below its reorder level of 200');

    const page = await signedIn('store_manager');
    await page.locator('.RaSidebar-fixed').getByText('Stock alerts').click();
    await pick(page, 'Store', stores['MUM-AND'].name);
    const section = page.getByRole('region', { name: 'Below reorder level' });
    const row = section.locator('tr', { hasText: 'Electral ORS Powder' });
    await row.locator('td', { hasText: new RegExp(`^${low.onHand}$`) }).waitFor();
    await row.locator('td', { hasText: /^200$/ }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the alerts screen passes axe (WCAG A)');
    await screenshot(page, 'stock-alerts');

    await row.getByRole('link', { name: 'Electral ORS Powder' }).click();
    await page.locator('tr', { hasText: 'Electral ORS Powder' }).first().waitFor();
    assert.match(decodeURIComponent(page.url()), new RegExp(`"productId":"${low.productId}"`));
  });
});
