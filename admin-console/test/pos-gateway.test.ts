import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startMpesaFake, type MpesaFake } from '@dawa/plugin-payments-mpesa/fake';
import type { TestApp } from '@dawa/platform/testing';
import { seedDemoData } from '@dawa/tenants/dist/src/demo-data.js';
import { demoManifest } from '@dawa/tenants/dist/src/manifest.js';
import { provisionManifest } from '@dawa/tenants/dist/src/provision-manifest.js';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, screenshot, SCREENSHOTS, signIn, startConsoleApp } from './support/console-app.js';
import { demoApi, demoUser, posReady } from './support/demo-chains.js';

const afya = demoManifest('afya');
const mpesaConfig = afya.plugins['payments-mpesa']!.config as Record<string, any>;
/** How long the fake's customer takes to enter their PIN: long enough to see the sale wait, or to cancel first. */
const PIN_DELAY_MS = 6_000;

describe('M-Pesa at the POS in headless Chromium', () => {
  let app: TestApp;
  let mpesa: MpesaFake;
  let browser: Browser;
  let api: Awaited<ReturnType<typeof demoApi>>;
  let storeId: string;
  let product: { id: string; name: string; barcodes: string[]; packSize: number };

  before(async () => {
    // The sandbox's M-Pesa: every STK push is answered by itself, and its callback is delivered to the platform.
    mpesa = await startMpesaFake({
      consumerKey: mpesaConfig.consumerKey,
      consumerSecret: mpesaConfig.consumerSecret,
      shortCode: mpesaConfig.shortCode,
      passkey: mpesaConfig.passkey,
      autoComplete: { afterMs: PIN_DELAY_MS, outcome: 'pay' },
    });
    app = await startConsoleApp({ DAWA_PLUGIN_BASE_URLS: `payments-mpesa=${mpesa.baseUrl}` });
    await provisionManifest(app.platform, afya, 'pos gateway test');
    await seedDemoData(app.url, afya);
    browser = await launchChromium();
    api = await demoApi(app, afya, 'owner');
    const cashier = demoUser(afya, 'cashier');
    storeId = (await api.get('/api/v1/stores?range=[0,99]')).body.find((s: { code: string }) => s.code === cashier.storeCodes[0]).id;
    const products = (await api.get('/api/v1/products?range=[0,999]&sort=["mrp","ASC"]')).body as Array<
      typeof product & { mrp: number | null; prescriptionRequired: boolean }
    >;
    product = products.find((p) => p.barcodes.length && p.mrp && !p.prescriptionRequired)!;
    assert.ok(product, 'the afya catalogue has an over-the-counter product with a barcode');
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    await mpesa?.stop();
    console.log(`Console screenshots: ${SCREENSHOTS}`);
  });

  const onHand = async () => {
    const filter = encodeURIComponent(JSON.stringify({ storeId, productId: product.id }));
    return ((await api.get(`/api/v1/stock?filter=${filter}&range=[0,99]`)).body as { quantity: number }[]).reduce(
      (n, b) => n + b.quantity,
      0,
    );
  };

  /** The cashier scans one pack, pays it all by M-Pesa through the gateway with the customer's phone, and charges. */
  async function chargeByMpesa(): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    const cashier = demoUser(afya, 'cashier');
    await signIn(page, `${app.url}/afya/#/pos`, cashier.email, cashier.password);
    await posReady(page);
    await page.keyboard.type(product.barcodes[0], { delay: 5 });
    await page.keyboard.press('Enter');
    await page.getByTestId('pos-line').filter({ hasText: product.name }).waitFor();
    await page.getByLabel('Payment 1 method').click();
    await page.getByRole('option', { name: 'mpesa' }).click();
    await page.getByLabel('via gateway').check();
    await page.getByLabel('Payment 1 M-Pesa phone').fill('0712345678');
    await page.getByRole('button', { name: 'Charge (Enter)' }).click();
    await page.getByRole('status').filter({ hasText: 'Waiting for the customer to enter their M-Pesa PIN on 0712345678' }).waitFor();
    return page;
  }

  it('afya’s cashier sells by M-Pesa: the sale waits for the PIN, then completes with its invoice; stock goes down once', async () => {
    const before = await onHand();
    const page = await chargeByMpesa();
    await screenshot(page, 'afya-pos-mpesa-waiting');
    const invoiceNo = (await page.getByTestId('pos-invoice-no').textContent({ timeout: 30_000 }))!.trim();
    assert.match(invoiceNo, /\S+/);
    await page
      .getByRole('status')
      .filter({ hasText: `Sale ${invoiceNo} complete.` })
      .waitFor();
    await screenshot(page, 'afya-pos-mpesa-paid');

    const sales = (await api.get(`/api/v1/sales?filter=${encodeURIComponent(JSON.stringify({ invoiceNo }))}`)).body;
    assert.equal(sales.length, 1);
    assert.equal(sales[0].status, 'completed');
    assert.deepEqual(
      sales[0].payments.map((p: { method: string }) => p.method),
      ['mpesa'],
    );
    assert.equal(await onHand(), before - product.packSize, 'one pack left the store');
    const payments = (await api.get('/api/v1/payments?range=[0,99]')).body as { saleId: string; status: string }[];
    assert.deepEqual(
      payments.filter((p) => p.saleId === sales[0].id).map((p) => p.status),
      ['succeeded'],
    );
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(await onHand(), before - product.packSize, 'and only one: nothing moved stock again after the callback');
  });

  it('a cancelled PIN prompt says so plainly, and the unpaid sale can be voided: its stock comes back', async () => {
    const before = await onHand();
    const page = await chargeByMpesa();
    const payments = (await api.get('/api/v1/payments?range=[0,99]')).body as { providerRef: string; status: string }[];
    const pending = payments.find((p) => p.status === 'pending');
    assert.ok(pending, 'the STK push is waiting for the customer');
    assert.equal(await onHand(), before - product.packSize, 'the waiting sale holds its pack');
    // The customer presses Cancel on the PIN prompt before the fake's customer would have paid.
    const cancelled = await fetch(`${mpesa.baseUrl}/__sandbox/stk/${encodeURIComponent(pending.providerRef)}/cancel`, { method: 'POST' });
    assert.equal(cancelled.status, 200, await cancelled.text());

    await page.getByRole('status').filter({ hasText: 'The customer did not pay: Request cancelled by user.' }).waitFor({ timeout: 20_000 });
    assert.equal(await page.getByTestId('pos-receipt').count(), 0, 'no receipt for an unpaid sale');
    await screenshot(page, 'afya-pos-mpesa-cancelled');
    await page.getByRole('button', { name: 'Void the unpaid sale' }).click();
    await page.getByRole('status').filter({ hasText: 'Sale voided: its stock is back on the shelf.' }).waitFor();
    assert.equal(await onHand(), before, 'the pack is back');
    const sales = (await api.get('/api/v1/sales?range=[0,99]')).body as { status: string }[];
    assert.equal(sales.filter((s) => s.status === 'voided').length, 1);
  });
});
