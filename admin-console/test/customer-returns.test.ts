import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '@dawa/platform/testing';
import { seedDemoData } from '@dawa/tenants/dist/src/demo-data.js';
import { demoManifest } from '@dawa/tenants/dist/src/manifest.js';
import { provisionManifest } from '@dawa/tenants/dist/src/provision-manifest.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchChromium, screenshot, SCREENSHOTS, signIn, startConsoleApp } from './support/console-app.js';
import { demoApi, demoUser } from './support/demo-staff.js';

const sanjeevani = demoManifest('sanjeevani');
const rupees = (minor: number) => new Intl.NumberFormat('en-US', { style: 'currency', currency: 'INR' }).format(minor / 100);

interface Product {
  id: string;
  name: string;
  packSize: number;
  mrp: number | null;
  prescriptionRequired: boolean;
}

describe('customer returns and credit notes in the back office', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let cashier: Awaited<ReturnType<typeof demoApi>>;
  let storeId: string;
  let product: Product;
  let sale: { id: string; invoiceNo: string; lines: { id: string }[] };

  const onHand = async () => {
    const filter = encodeURIComponent(JSON.stringify({ storeId, productId: product.id }));
    const batches = (await cashier.get(`/api/v1/stock?range=[0,999]&filter=${filter}`)).body as { quantity: number }[];
    return batches.reduce((sum, b) => sum + b.quantity, 0);
  };
  const returnsOfSale = async () =>
    (await cashier.get(`/api/v1/returns?filter=${encodeURIComponent(JSON.stringify({ saleId: sale.id }))}`)).body as {
      id: string;
      creditNoteNo: string;
      totals: { total: number };
    }[];

  before(async () => {
    app = await startConsoleApp();
    await provisionManifest(app.platform, sanjeevani, 'customer returns test');
    await seedDemoData(app.url, sanjeevani);
    browser = await launchChromium();
    cashier = await demoApi(app, sanjeevani, 'cashier');
    const stores = (await cashier.get('/api/v1/stores?range=[0,99]')).body as { id: string; code: string }[];
    storeId = stores.find((s) => s.code === 'MUM-AND')!.id;
    const products = (await cashier.get('/api/v1/products?range=[0,999]&sort=["name","ASC"]')).body as Product[];
    for (const candidate of products.filter((p) => p.mrp && !p.prescriptionRequired && p.packSize > 1)) {
      product = candidate;
      if ((await onHand()) >= 3 * candidate.packSize) break;
    }
    // The cashier sells 2 packs over the counter, paid in cash.
    const sold = await cashier.post('/api/v1/sales', {
      storeId,
      lines: [{ productId: product.id, quantity: 2 * product.packSize }],
      payments: [{ method: 'cash', amount: product.mrp! * 3 }],
    });
    assert.equal(sold.status, 201, JSON.stringify(sold.body));
    sale = sold.body;

    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    const u = demoUser(sanjeevani, 'cashier');
    await signIn(page, `${app.url}/sanjeevani/`, u.email, u.password);
    await page.getByText(`Hello, ${u.name}`).waitFor();
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    console.log(`Console screenshots: ${SCREENSHOTS}`);
  });

  async function openReturnForm(): Promise<void> {
    await page.goto(`${app.url}/sanjeevani/#/sales/${sale.id}/show`);
    await page.getByRole('link', { name: 'Return items' }).click();
    await page.getByRole('table', { name: 'Lines to return' }).waitFor();
  }

  it('a cashier returns one of two packs from the sale: restocked, a credit note with its refund, the sale shows it', async () => {
    const before = await onHand();
    await openReturnForm();
    await page.getByLabel(`Return quantity, ${product.name}`).fill(String(product.packSize));
    await page.getByRole('textbox', { name: 'Reason' }).fill('Doctor changed the prescription');
    await page
      .getByTestId('refund-method')
      .getByText(/back the way the sale was paid, cash last: Cash/)
      .waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the return form passes axe (WCAG A)');
    await screenshot(page, 'customer-return-form');
    await page.getByRole('button', { name: 'Issue credit note' }).click();
    await page.getByRole('button', { name: 'Credit note PDF' }).waitFor();

    const [note] = await returnsOfSale();
    await page.getByText(note.creditNoteNo).first().waitFor();
    assert.equal(await onHand(), before + product.packSize, 'one pack is back on the shelf');
    const refund = page.getByTestId('refund-total');
    assert.match(await refund.innerText(), new RegExp(`^${rupees(note.totals.total).replace(/[.$]/g, '\\$&')}`));
    const lines = page.getByRole('table', { name: 'Returned lines' });
    await lines
      .getByRole('row')
      .filter({ hasText: product.name })
      .getByRole('cell', { name: String(product.packSize) })
      .first()
      .waitFor();

    const pdf = page.waitForResponse((r) => r.url().endsWith(`/api/v1/returns/${note.id}/credit-note.pdf`));
    await page.getByRole('button', { name: 'Credit note PDF' }).click();
    const response = await pdf;
    assert.equal(response.status(), 200);
    assert.equal(response.headers()['content-type'], 'application/pdf');
    assert.deepEqual(await axeViolations(page), [], 'the return page passes axe (WCAG A)');
    await screenshot(page, 'customer-return-credit-note');

    await page.getByRole('link', { name: sale.invoiceNo }).click();
    await page.getByText(`${product.name} × ${2 * product.packSize}`).waitFor();
    await page.getByText(`${product.packSize} returned`).waitFor();
    await page.getByRole('link', { name: new RegExp(`^${note.creditNoteNo.replace(/\//g, '\\/')}`) }).waitFor();
    await screenshot(page, 'customer-return-sale');
  });

  it('returning 2 more packs shows the API refusal; a double click on submit makes one return', async () => {
    const before = await onHand();
    await openReturnForm();
    await page.getByLabel(`Return quantity, ${product.name}`).fill(String(2 * product.packSize));
    await page.getByRole('textbox', { name: 'Reason' }).fill('Customer bought too many');
    await page.getByRole('button', { name: 'Issue credit note' }).click();
    const refusal = page.getByTestId('return-refused');
    await refusal
      .getByText(`${2 * product.packSize} requested but only ${product.packSize} of ${2 * product.packSize} sold can still be returned`)
      .waitFor();
    await screenshot(page, 'customer-return-refused');
    assert.equal((await returnsOfSale()).length, 1, 'the refused return issued nothing');
    assert.equal(await onHand(), before);

    await page.getByLabel(`Return quantity, ${product.name}`).fill('1');
    await page.getByRole('button', { name: 'Issue credit note' }).dblclick();
    await page.getByRole('button', { name: 'Credit note PDF' }).waitFor();
    const notes = await returnsOfSale();
    assert.equal(notes.length, 2, 'the double click issued one credit note');
    await page.getByText(notes[0].creditNoteNo).first().waitFor();
    assert.equal(await onHand(), before + 1);

    await page.goto(`${app.url}/sanjeevani/#/returns`);
    const row = page.getByRole('row').filter({ hasText: notes[0].creditNoteNo });
    await row.getByRole('link', { name: sale.invoiceNo }).waitFor();
    await row.getByRole('link', { name: notes[0].creditNoteNo }).click();
    await page.getByRole('button', { name: 'Credit note PDF' }).waitFor();
    await screenshot(page, 'customer-returns-list-to-return');
  });
});
