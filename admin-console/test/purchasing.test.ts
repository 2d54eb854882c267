import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '@dawa/platform/testing';
import { seedDemoData } from '@dawa/tenants/dist/src/demo-data.js';
import { demoManifest } from '@dawa/tenants/dist/src/manifest.js';
import { provisionManifest } from '@dawa/tenants/dist/src/provision-manifest.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchChromium, screenshot, SCREENSHOTS, signIn, startConsoleApp } from './support/console-app.js';

const sanjeevani = demoManifest('sanjeevani');
const person = (role: string) => sanjeevani.users.find((u) => u.roles.includes(role as never))!;
const SUPPLIER = 'Shreeji Pharma Distributors';

interface Product {
  id: string;
  name: string;
  packSize: number;
  mrp: number | null;
  prescriptionRequired: boolean;
}

describe('purchasing and dashboard charts in the back office', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let owner: string;
  let manager: string;
  let andheri: { id: string; name: string };
  let products: Product[];
  /** The batch the store manager receives, which later goes back to the supplier. */
  let receivedBatch: string;

  const api = (token: string) => ({
    get: (path: string) => app.api.get(path, { tenant: sanjeevani.slug, token }),
    post: (path: string, body: unknown) => app.api.post(path, body, { tenant: sanjeevani.slug, token }),
    put: (path: string, body: unknown) => app.api.put(path, body, { tenant: sanjeevani.slug, token }),
  });
  const tokenOf = async (role: string) => {
    const u = person(role);
    const login = await app.api.post('/api/v1/auth/login', { email: u.email, password: u.password }, { tenant: sanjeevani.slug });
    assert.equal(login.status, 200, JSON.stringify(login.body));
    return login.body.accessToken as string;
  };

  before(async () => {
    app = await startConsoleApp();
    await provisionManifest(app.platform, sanjeevani, 'purchasing console test');
    await seedDemoData(app.url, sanjeevani);
    browser = await launchChromium();
    owner = await tokenOf('owner');
    manager = await tokenOf('store_manager');
    // Orders up to ₹50,000 are approved on submit: the store manager's order below needs no second person.
    const settings = await api(owner).put('/api/v1/settings', { purchaseApprovalThreshold: 5_000_000 });
    assert.equal(settings.status, 200, JSON.stringify(settings.body));
    const stores = (await api(owner).get('/api/v1/stores?range=[0,99]')).body as { id: string; code: string; name: string }[];
    andheri = stores.find((s) => s.code === 'MUM-AND')!;
    products = (await api(owner).get('/api/v1/products?range=[0,999]&sort=["name","ASC"]')).body;
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    console.log(`Purchasing screenshots: ${SCREENSHOTS}`);
  });

  async function freshPage(): Promise<Page> {
    await context?.close();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    return context.newPage();
  }

  /** react-admin's autocomplete: type part of the name, pick the option. */
  async function choose(page: Page, label: string, text: string, nth = 0) {
    const input = page.getByRole('combobox', { name: label }).nth(nth);
    await input.click();
    await input.fill(text);
    await page.getByRole('option', { name: text }).first().click();
  }

  async function orderOf(id: string) {
    const res = await api(manager).get(`/api/v1/purchase-orders/${id}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body as { status: string; lines: { productId: string; receivedQuantity: number; openQuantity: number }[] };
  }

  it('the owner adds a supplier with its terms and a product price', async () => {
    const page = await freshPage();
    await signIn(page, `${app.url}/sanjeevani/`, person('owner').email, person('owner').password);
    await page.getByText(`Hello, ${person('owner').name}`).waitFor();
    const priced = products.filter((p) => p.mrp && !p.prescriptionRequired);
    await page.goto(`${app.url}/sanjeevani/#/suppliers`);
    await page.getByRole('link', { name: 'Create' }).click();
    await page.getByLabel(/^Name/).fill(SUPPLIER);
    await page.getByLabel('Phone').fill('+91 98200 12345');
    await page.getByLabel('Email').fill('orders@shreeji.example');
    await page.getByLabel('Payment terms (days)').fill('45');
    await page.getByLabel('Return window (days)').fill('60');
    await page.getByRole('button', { name: 'Save' }).click();

    await page.getByRole('heading', { name: 'Products and prices' }).waitFor();
    await choose(page, 'Product', priced[0].name);
    await page.getByLabel('Supplier SKU').fill('SHR-001');
    await page.getByLabel('Cost per pack').fill('21.50');
    await page.getByRole('button', { name: 'Save product' }).click();
    const row = page.getByRole('table', { name: 'Products this supplier sells' }).getByRole('row').filter({ hasText: priced[0].name });
    await row.getByText('21.50').waitFor();
    await screenshot(page, 'purchasing-supplier-edit');

    const [supplier] = (await api(owner).get(`/api/v1/suppliers?filter=${encodeURIComponent(JSON.stringify({ q: SUPPLIER }))}`)).body;
    assert.deepEqual(
      [supplier.phone, supplier.email, supplier.paymentTermsDays, supplier.returnWindowDays],
      ['+91 98200 12345', 'orders@shreeji.example', 45, 60],
    );
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
  });

  it('a store manager orders two products, submits (approved within the threshold), receives part of it, and the batch is in stock', async () => {
    const [first, second] = products.filter((p) => p.mrp && !p.prescriptionRequired);
    const page = await freshPage();
    await signIn(page, `${app.url}/sanjeevani/`, person('store_manager').email, person('store_manager').password);
    await page.getByText(`Hello, ${person('store_manager').name}`).waitFor();
    await page.goto(`${app.url}/sanjeevani/#/purchase-orders/create`);
    await choose(page, 'Supplier', SUPPLIER);
    await choose(page, 'Store', andheri.name);
    for (const [i, [product, quantity, cost]] of (
      [
        [first, first.packSize * 4, '20.00'],
        [second, second.packSize * 2, '35.75'],
      ] as const
    ).entries()) {
      await page.getByRole('button', { name: 'Add' }).click();
      await choose(page, 'Product', product.name, i);
      await page.getByLabel('Quantity (base units)').nth(i).fill(String(quantity));
      await page.getByLabel('Cost per pack').nth(i).fill(cost);
      await page.getByLabel('Tax %').nth(i).fill('5');
    }
    await screenshot(page, 'purchasing-order-create');
    await page.getByRole('button', { name: 'Save' }).click();

    await page.getByRole('button', { name: 'Submit' }).click();
    // Within the threshold the order is approved at once, and its workflow sends it to the supplier.
    await page.getByRole('link', { name: 'Receive goods' }).waitFor({ timeout: 30_000 });
    const history = page.getByRole('list', { name: 'Status history' });
    await history.getByText('Approved on submit (within the approval threshold)').waitFor();
    await history.getByText('Sent to supplier').waitFor();
    const orderId = page.url().match(/purchase-orders\/([0-9a-f-]{36})\/show/)![1];
    assert.equal((await orderOf(orderId)).status, 'sent');
    await screenshot(page, 'purchasing-order-sent');

    await page.getByRole('link', { name: 'Receive goods' }).click();
    const batchNo = `SHR-${Date.now() % 100000}`;
    receivedBatch = batchNo;
    const received = first.packSize * 2;
    await page.getByLabel(`Batch no, ${first.name}`).fill(batchNo);
    await page.getByLabel(`Expiry, ${first.name}`).fill('2028-06-30');
    await page.getByLabel(`Quantity, ${first.name}`, { exact: true }).fill(String(received));
    await page.getByLabel(`MRP per pack, ${first.name}`).fill(((first.mrp ?? 0) / 100).toFixed(2));
    await page.getByLabel(`Quantity, ${second.name}`, { exact: true }).fill('0');
    await screenshot(page, 'purchasing-goods-receipt');
    await page.getByRole('button', { name: 'Record receipt' }).click();

    await page.getByRole('list', { name: 'Status history' }).getByText(`Goods received: ${received} units in batches ${batchNo}`).waitFor();
    const order = await orderOf(orderId);
    assert.equal(order.status, 'partially_received');
    assert.deepEqual(
      order.lines.map((l) => [l.productId, l.receivedQuantity, l.openQuantity]),
      [
        [first.id, received, first.packSize * 2],
        [second.id, 0, second.packSize * 2],
      ],
    );

    await page.goto(
      `${app.url}/sanjeevani/#/stock?filter=${encodeURIComponent(JSON.stringify({ productId: first.id, storeId: andheri.id }))}`,
    );
    const batchRow = page.getByRole('row').filter({ hasText: batchNo });
    await batchRow.waitFor();
    assert.match((await batchRow.textContent())!, new RegExp(`${batchNo}.*2028-06-30 · ok${received}(Adjust)?$`));
    await screenshot(page, 'purchasing-stock-batch');
  });

  it('an invoice billed above the ordered price shows the price mismatch, and the manager approves it', async () => {
    const [first, second] = products.filter((p) => p.mrp && !p.prescriptionRequired);
    const [order] = (
      await api(manager).get(`/api/v1/purchase-orders?filter=${encodeURIComponent(JSON.stringify({ status: 'partially_received' }))}`)
    ).body;
    // The rest arrives, recorded through the API: the order is then received in full and waits for its invoice.
    const rest = await api(manager).post(`/api/v1/purchase-orders/${order.id}/receipts`, {
      lines: order.lines.map((l: { productId: string; openQuantity: number; packCost: number }) => ({
        productId: l.productId,
        batchNo: `REST-${l.productId.slice(0, 6)}`,
        expiry: '2028-12',
        quantity: l.openQuantity,
        cost: l.packCost,
        mrp: products.find((p) => p.id === l.productId)!.mrp,
      })),
    });
    assert.equal(rest.status, 201, JSON.stringify(rest.body));

    const page = await freshPage();
    await signIn(page, `${app.url}/sanjeevani/`, person('store_manager').email, person('store_manager').password);
    await page.getByText(`Hello, ${person('store_manager').name}`).waitFor();
    await page.goto(`${app.url}/sanjeevani/#/purchase-orders/${order.id}/show`);
    await page.getByRole('link', { name: 'Record invoice' }).click();
    await page.getByLabel('Invoice no').fill('SHR/INV/7781');
    await page.getByLabel(`Invoiced cost per pack, ${second.name}`).fill('39.00');
    await screenshot(page, 'purchasing-invoice');
    await page.getByRole('button', { name: 'Record invoice' }).click();

    const match = page.getByTestId('invoice-match');
    await match.getByText('mismatch', { exact: true }).waitFor();
    const mismatch = page.getByRole('table', { name: 'Invoice mismatches' }).getByRole('row').filter({ hasText: second.name });
    await mismatch.getByText(/invoiced ₹39\.00 per pack, ordered at ₹35\.75/).waitFor();
    assert.equal(await page.getByRole('table', { name: 'Invoice mismatches' }).getByRole('row').filter({ hasText: first.name }).count(), 0);
    await screenshot(page, 'purchasing-invoice-mismatch');

    await page.getByRole('button', { name: 'Approve mismatch' }).click();
    await page.getByRole('list', { name: 'Status history' }).getByText('Closed').waitFor();
    assert.equal((await orderOf(order.id)).status, 'closed');
  });

  it('a store manager returns part of the received batch to the supplier and records its credit note', async () => {
    const [first] = products.filter((p) => p.mrp && !p.prescriptionRequired);
    const page = await freshPage();
    await signIn(page, `${app.url}/sanjeevani/`, person('store_manager').email, person('store_manager').password);
    await page.getByText(`Hello, ${person('store_manager').name}`).waitFor();
    await page.goto(`${app.url}/sanjeevani/#/supplier-returns`);
    await page.getByRole('link', { name: 'Create' }).click();
    await choose(page, 'Store', andheri.name);
    await choose(page, 'Supplier', SUPPLIER);
    await page.getByRole('combobox', { name: 'Reason' }).click();
    await page.getByRole('option', { name: 'Damaged' }).click();
    await page.getByRole('button', { name: 'Add' }).click();
    await page.getByRole('combobox', { name: 'Batch' }).click();
    await page.getByRole('option', { name: new RegExp(receivedBatch) }).click();
    await page.getByLabel('Quantity (base units)').fill(String(first.packSize));
    await screenshot(page, 'purchasing-supplier-return');
    await page.getByRole('button', { name: 'Save' }).click();

    const row = page.getByRole('row').filter({ hasText: SUPPLIER });
    await row.getByText('damaged').waitFor();
    const [created] = (await api(manager).get('/api/v1/supplier-returns')).body;
    assert.equal(created.reason, 'damaged');
    assert.ok(created.creditNote.outstanding > 0, 'a credit is expected for the returned pack');

    await row.getByRole('button', { name: 'Record credit note' }).click();
    await page.getByLabel(/^Credit note no/).fill('SHR/CN/12');
    await page.getByRole('button', { name: 'Save' }).click();
    await row.getByText('settled').waitFor();
    const [settled] = (await api(manager).get('/api/v1/supplier-returns')).body;
    assert.deepEqual([settled.status, settled.creditNote.outstanding], ['settled', 0]);
    await screenshot(page, 'purchasing-supplier-return-settled');
  });

  it("the dashboard's sales-by-day chart shows today's total after a sale made through the API", async () => {
    const product = products.find((p) => p.mrp && !p.prescriptionRequired)!;
    const sale = await api(owner).post('/api/v1/sales', {
      storeId: andheri.id,
      lines: [{ productId: product.id, quantity: product.packSize }],
      payments: [{ method: 'cash', amount: product.mrp! * 2 }],
    });
    assert.equal(sale.status, 201, JSON.stringify(sale.body));
    const summary = (await api(owner).get('/api/v1/reports/sales-summary')).body;
    const today = summary.byDay[summary.byDay.length - 1];
    assert.ok(today.total >= sale.body.totals.total && today.sales >= 1, "today's bar includes the sale");

    const page = await freshPage();
    await signIn(page, `${app.url}/sanjeevani/`, person('owner').email, person('owner').password);
    const chart = page.getByTestId('sales-by-day');
    await chart.waitFor();
    const total = await page.evaluate(
      (minor) => new Intl.NumberFormat(undefined, { style: 'currency', currency: 'INR' }).format(minor / 100),
      today.total,
    );
    await chart.getByText(`Today ${total} (${today.sales} sales)`, { exact: false }).waitFor();
    const picture = chart.getByRole('img');
    assert.match(
      (await picture.getAttribute('aria-label'))!,
      new RegExp(`^Sales by day from ${summary.from} to ${summary.to}: .* today ${total.replace(/[.$]/g, '\\$&')}$`),
    );
    assert.equal(await chart.locator('rect').count(), 14);
    await page.getByRole('img', { name: /^Takings by payment method: cash / }).waitFor();
    await page.getByRole('img', { name: new RegExp(`^Top products by takings: .*${product.name.replace(/[()]/g, '.')}`) }).waitFor();
    await screenshot(page, 'dashboard-charts');

    await page.getByRole('button', { name: '30 days' }).click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="sales-by-day"] rect').length === 30);
    const violations = await axeViolations(page);
    assert.deepEqual(violations, [], JSON.stringify(violations, null, 2));
  });
});
