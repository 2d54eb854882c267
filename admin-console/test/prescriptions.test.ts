import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import type { TestApp } from '@dawa/platform/testing';
import { seedDemoData } from '@dawa/tenants/dist/src/demo-data.js';
import { demoManifest } from '@dawa/tenants/dist/src/manifest.js';
import { provisionManifest } from '@dawa/tenants/dist/src/provision-manifest.js';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { axeViolations, launchChromium, screenshot, SCREENSHOTS, signIn, startConsoleApp } from './support/console-app.js';
import { prescriptionPng } from './support/scan.js';

const sanjeevani = demoManifest('sanjeevani');
const staff = (role: (typeof sanjeevani.users)[number]['roles'][number]) => sanjeevani.users.find((u) => u.roles.includes(role))!;
const pharmacist = staff('pharmacist');
const SECOND_PHARMACIST = { email: 'second.pharmacist@sanjeevani.demo', name: 'Dr. Nisha Rane', password: 'Sanjeevani-demo-2' };
const PRESCRIBER = { name: 'Dr. Rohan Mehta', registrationNo: 'MMC-2011-04567', address: 'Lilavati Hospital, Bandra, Mumbai' };
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);

describe('prescription queue and statutory registers in headless Chromium', () => {
  let app: TestApp;
  let browser: Browser;
  let context: BrowserContext;
  let storeId: string;
  let ownerToken: string;
  let pharmacistToken: string;

  const as = (token: string) => ({ tenant: 'sanjeevani', token });
  const login = async (email: string, password: string) => {
    const res = await app.api.post('/api/v1/auth/login', { email, password }, { tenant: 'sanjeevani' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.accessToken as string;
  };

  /** A scan brought to the counter, uploaded through the API as the counter's form does it. */
  async function uploadScan(patient: string, extra: Record<string, unknown> = {}) {
    const form = new FormData();
    form.append('metadata', JSON.stringify({ storeId, patient: { name: patient, phone: '+919812345678' }, ...extra }));
    form.append('file', new Blob([new Uint8Array(prescriptionPng())], { type: 'image/png' }), 'scan.png');
    const res = await fetch(`${app.url}/api/v1/prescriptions/uploads`, {
      method: 'POST',
      headers: { 'x-tenant': 'sanjeevani', authorization: `Bearer ${pharmacistToken}` },
      body: form,
    });
    const body = await res.json();
    assert.equal(res.status, 201, JSON.stringify(body));
    return body as { id: string };
  }

  const prescription = async (id: string) => (await app.api.get(`/api/v1/prescriptions/${id}`, as(ownerToken))).body;

  async function productNamed(name: string): Promise<string> {
    const res = await app.api.get(`/api/v1/products?filter=${encodeURIComponent(JSON.stringify({ q: name }))}&range=[0,9]`, as(ownerToken));
    const product = res.body.find((p: { name: string }) => p.name === name);
    assert.ok(product, `the demo catalogue has ${name}`);
    return product.id;
  }

  before(async () => {
    app = await startConsoleApp();
    await provisionManifest(app.platform, sanjeevani, 'prescriptions console test');
    await seedDemoData(app.url, sanjeevani);
    browser = await launchChromium();
    ownerToken = await login(staff('owner').email, staff('owner').password);
    storeId = (await app.api.get('/api/v1/stores?range=[0,99]', as(ownerToken))).body.find(
      (s: { code: string }) => s.code === 'MUM-AND',
    ).id;
    // Approving needs the pharmacist's council registration; a controlled drug needs a second pharmacist.
    const users = (await app.api.get('/api/v1/users?range=[0,99]', as(ownerToken))).body as { id: string; email: string }[];
    const registered = await app.api.put(
      `/api/v1/users/${users.find((u) => u.email === pharmacist.email)!.id}`,
      { registrationNumber: 'MH-PHARM-2014-123456' },
      as(ownerToken),
    );
    assert.equal(registered.status, 200, JSON.stringify(registered.body));
    const second = await app.api.post(
      '/api/v1/users',
      { ...SECOND_PHARMACIST, roles: ['pharmacist'], storeIds: [storeId], registrationNumber: 'MH-PHARM-2016-654321' },
      as(ownerToken),
    );
    assert.equal(second.status, 201, JSON.stringify(second.body));
    pharmacistToken = await login(pharmacist.email, pharmacist.password);
  });
  after(async () => {
    await browser?.close();
    await app?.close();
    console.log(`Console screenshots: ${SCREENSHOTS}`);
  });

  async function freshPage(): Promise<Page> {
    await context?.close();
    context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
    return context.newPage();
  }

  async function signedIn(email: string, password: string, route: string): Promise<Page> {
    const page = await freshPage();
    await signIn(page, `${app.url}/sanjeevani/#${route}`, email, password);
    return page;
  }

  const statusMessage = (page: Page, text: string) => page.getByRole('status').filter({ hasText: text }).waitFor();

  it('a pharmacist uploads a scan, finds it in the queue, views it (audited), claims and approves it', async () => {
    const page = await signedIn(pharmacist.email, pharmacist.password, '/prescriptions/create');
    await page.getByLabel('Patient name').fill('Meena Iyer');
    await page.getByLabel('Patient phone').fill('+919820012345');
    await page.locator('input[type=file]').setInputFiles({ name: 'rx.png', mimeType: 'image/png', buffer: prescriptionPng() });
    assert.deepEqual(await axeViolations(page), [], 'the upload form is labelled');
    await screenshot(page, 'prescriptions-upload');
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await page.getByText('Back to the queue').click();

    const row = page.getByRole('row').filter({ hasText: 'Meena Iyer' });
    await row.filter({ hasText: 'Waiting for review' }).filter({ hasText: 'Unclaimed' }).waitFor();
    await screenshot(page, 'prescriptions-queue');
    await row.click();

    const scan = page.getByTestId('prescription-scan');
    await scan.waitFor();
    await page.waitForFunction(() => (document.querySelector('[data-testid=prescription-scan]') as HTMLImageElement)?.naturalWidth === 120);
    const id = page.url().match(/prescriptions\/([0-9a-f-]{36})\/show/)![1];
    const audit = await app.api.get(
      `/api/v1/audit-logs?filter=${encodeURIComponent(JSON.stringify({ action: 'prescription.image-viewed', entityId: id }))}`,
      as(ownerToken),
    );
    assert.ok(audit.body.length >= 1, 'viewing the scan is in the audit log');
    await page.getByRole('button', { name: 'Rotate (R)' }).click();
    await page.getByRole('button', { name: 'Zoom in (+)' }).click();
    // A quarter turn at 1.25×: the matrix's second term is sin(90°) × 1.25.
    await page.waitForFunction(
      () => getComputedStyle(document.querySelector('[data-testid=prescription-scan]')!).transform.split(',')[1]?.trim() === '1.25',
    );

    await page.getByRole('button', { name: 'Claim', exact: true }).click();
    await statusMessage(page, 'Claimed.');
    assert.equal((await prescription(id)).claimedBy.name, pharmacist.name);

    // The scan was uploaded bare: the pharmacist transcribes it.
    await page.getByLabel('Add a product from the catalogue').fill('Dolo');
    await page.getByRole('option', { name: 'Dolo 650 Tablet' }).click();
    await page.getByLabel('Item 1 quantity').fill('15');
    await page.getByLabel('Prescriber', { exact: true }).fill(PRESCRIBER.name);
    await page.getByLabel('Prescriber registration number').fill(PRESCRIBER.registrationNo);
    await page.getByLabel('Prescriber address').fill(PRESCRIBER.address);
    await page.getByLabel('Issued on').fill(daysAgo(1));
    await page.getByLabel('Repeats').fill('1');
    assert.deepEqual(await axeViolations(page), [], 'the review screen is labelled');
    await screenshot(page, 'prescriptions-review');
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await statusMessage(page, 'It is now: approved.');
    const approved = await prescription(id);
    assert.equal(approved.status, 'approved');
    assert.deepEqual(approved.items, [{ productId: await productNamed('Dolo 650 Tablet'), name: 'Dolo 650 Tablet', quantity: 15 }]);
    assert.equal(approved.repeats, 1);
    assert.equal(approved.approverRegistrationNo, 'MH-PHARM-2014-123456');
    await screenshot(page, 'prescriptions-approved');
  });

  it('a pharmacist rejects a prescription with a reason', async () => {
    const { id } = await uploadScan('Rajesh Nair');
    const page = await signedIn(pharmacist.email, pharmacist.password, `/prescriptions/${id}/show`);
    await page.getByTestId('prescription-scan').waitFor();
    await page.getByLabel('Reason').fill('Dose is illegible; ask the doctor to rewrite it');
    await page.getByRole('button', { name: 'Reject', exact: true }).click();
    await statusMessage(page, 'It is now: rejected.');
    await page.getByText('Dose is illegible; ask the doctor to rewrite it').waitFor();
    const rejected = await prescription(id);
    assert.equal(rejected.status, 'rejected');
    assert.equal(rejected.rejectionReason, 'Dose is illegible; ask the doctor to rewrite it');
  });

  it("asking the customer for more shows it as waiting in the queue until the customer's answer is recorded", async () => {
    const { id } = await uploadScan('Farah Khan');
    const page = await signedIn(pharmacist.email, pharmacist.password, `/prescriptions/${id}/show`);
    await page.getByLabel('Message to the customer').fill('Please send the second page of the prescription.');
    await page.getByRole('button', { name: 'Request info' }).click();
    await statusMessage(page, 'It is now: waiting for the customer.');
    await page.getByText('Back to the queue').click();
    await page.getByRole('row').filter({ hasText: 'Farah Khan' }).filter({ hasText: 'Waiting for the customer' }).waitFor();
    await screenshot(page, 'prescriptions-queue-waiting');
    assert.equal((await prescription(id)).status, 'info_requested');

    await page.getByRole('row').filter({ hasText: 'Farah Khan' }).click();
    await page.getByLabel('What the customer said').fill('Second page brought in.');
    await page.getByRole('button', { name: 'Info provided' }).click();
    await statusMessage(page, 'It is now: waiting for review.');
    assert.equal((await prescription(id)).status, 'pending_review');
  });

  it('a controlled drug needs a second, different pharmacist: the first one is refused, the second approves', async () => {
    const ketamine = await app.api.post(
      '/api/v1/products',
      {
        name: 'Ketmin 50 Injection',
        ingredients: [{ name: 'Ketamine', strength: '50mg' }],
        manufacturer: 'Themis Medicare',
        dosageForm: 'injection',
        baseUnit: 'vial',
        packSize: 1,
        schedule: 'X',
        taxClass: 'GST_HSN',
        hsnCode: '3004',
        mrp: 9000,
      },
      as(ownerToken),
    );
    assert.equal(ketamine.status, 201, JSON.stringify(ketamine.body));
    const { id } = await uploadScan('Arjun Pillai', {
      prescriber: PRESCRIBER,
      issuedAt: daysAgo(1),
      items: [{ productId: ketamine.body.id, quantity: 2 }],
    });

    const page = await signedIn(pharmacist.email, pharmacist.password, `/prescriptions/${id}/show`);
    await page.getByText('Ketmin 50 Injection × 2').first().waitFor();
    await page.getByRole('button', { name: 'Approve', exact: true }).click();
    await statusMessage(page, 'It is now: needs a second pharmacist.');
    await page.getByTestId('second-signature').filter({ hasText: 'a second, different pharmacist must approve' }).waitFor();
    await page.getByRole('button', { name: 'Approve as second pharmacist' }).click();
    await page
      .getByTestId('review-error')
      .filter({ hasText: 'needs its second approval from a different pharmacist than the first' })
      .waitFor();
    await screenshot(page, 'prescriptions-second-signature-refused');
    assert.equal((await prescription(id)).status, 'awaiting_second_approval');

    const second = await signedIn(SECOND_PHARMACIST.email, SECOND_PHARMACIST.password, `/prescriptions/${id}/show`);
    await second.getByLabel('Notes').fill('Checked against the patient ID.');
    await second.getByRole('button', { name: 'Approve as second pharmacist' }).click();
    await statusMessage(second, 'It is now: approved.');
    const approved = await prescription(id);
    assert.equal(approved.status, 'approved');
    assert.equal(approved.approverRegistrationNo, 'MH-PHARM-2016-654321');
    assert.equal(approved.firstApproverRegistrationNo, 'MH-PHARM-2014-123456');
  });

  it('a cashier can upload at the counter but cannot open the queue or the registers', async () => {
    const cashier = staff('cashier');
    const page = await signedIn(cashier.email, cashier.password, '/prescriptions');
    await page.getByTestId('access-denied').waitFor();
    await page.getByRole('menuitem', { name: 'Upload prescription' }).waitFor();
    assert.equal(await page.getByRole('menuitem', { name: 'Prescription queue' }).count(), 0);
    assert.equal(await page.getByRole('menuitem', { name: /register/ }).count(), 0);
    await page.goto(`${app.url}/sanjeevani/#/registers/h1`);
    await page.getByTestId('access-denied').waitFor();

    await page.getByRole('menuitem', { name: 'Upload prescription' }).click();
    await page.getByLabel('Patient name').fill('Gopal Shetty');
    await page.locator('input[type=file]').setInputFiles({ name: 'rx.png', mimeType: 'image/png', buffer: prescriptionPng() });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await statusMessage(page, "Prescription for Gopal Shetty is in the pharmacist's queue.");
    const queue = await app.api.get('/api/v1/prescriptions/queue?range=[0,99]', as(pharmacistToken));
    assert.ok(
      queue.body.some((p: { patient: { name: string }; storeId: string }) => p.patient.name === 'Gopal Shetty' && p.storeId === storeId),
      "the counter's upload is in its store's queue",
    );
  });

  it("an auditor finds a sold Schedule H1 drug in the H1 register and exports it as the API's CSV", async () => {
    const alprax = await productNamed('Alprax 0.25 Tablet');
    const entry = await app.api.post(
      '/api/v1/prescriptions',
      {
        storeId,
        patient: { name: 'Sunita Rao', phone: '+919811112222', address: '7 Juhu Tara Road, Mumbai' },
        prescriber: PRESCRIBER,
        issuedAt: daysAgo(1),
        items: [{ productId: alprax, quantity: 15 }],
      },
      as(pharmacistToken),
    );
    assert.equal(entry.status, 201, JSON.stringify(entry.body));
    const approved = await app.api.post(`/api/v1/prescriptions/${entry.body.id}/approve`, {}, as(pharmacistToken));
    assert.equal(approved.status, 200, JSON.stringify(approved.body));
    const sale = await app.api.post(
      '/api/v1/sales',
      {
        storeId,
        prescriptionId: entry.body.id,
        lines: [{ productId: alprax, quantity: 15 }],
        payments: [{ method: 'cash', amount: 10_000 }],
      },
      as(pharmacistToken),
    );
    assert.equal(sale.status, 201, JSON.stringify(sale.body));

    const auditor = staff('auditor');
    const page = await signedIn(auditor.email, auditor.password, '/');
    await page.getByRole('menuitem', { name: 'Schedule X register' }).waitFor();
    await page.getByRole('menuitem', { name: 'Schedule H1 register' }).click();
    await page.getByLabel('From', { exact: true }).fill(sale.body.businessDate);
    await page.getByLabel('To', { exact: true }).fill(sale.body.businessDate);
    const row = page.getByRole('row').filter({ hasText: sale.body.invoiceNo });
    await row.filter({ hasText: 'Alprax 0.25 Tablet · H1' }).filter({ hasText: 'Sunita Rao' }).waitFor();
    assert.deepEqual(await axeViolations(page), [], 'the register screen is labelled');
    await screenshot(page, 'registers-h1');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    assert.equal(download.suggestedFilename(), 'h1-register.csv');
    const csv = await readFile((await download.path())!, 'utf8');
    const [header, ...rows] = csv.trim().split('\r\n');
    assert.match(header, /^entry_no,date,invoice_no,patient_name/);
    const line = rows.find((r) => r.includes(sale.body.invoiceNo));
    assert.ok(line, `the export has the sale's entry: ${csv}`);
    assert.match(line, /Sunita Rao/);
    assert.match(line, /Alprax 0\.25 Tablet/);
    assert.match(line, /,H1,15,tablet,/);
    const exported = await app.api.get(
      `/api/v1/audit-logs?filter=${encodeURIComponent(JSON.stringify({ action: 'register.exported' }))}`,
      as(ownerToken),
    );
    assert.ok(exported.body.length >= 1, 'the export is audited');
  });

  it("a pharmacist's dashboard shows their store's waiting prescriptions and stock tiles, linked to the screens", async () => {
    await uploadScan('Meera Iyer');
    const queue = await app.api.get(`/api/v1/prescriptions/queue?storeId=${storeId}&range=[0,0]`, as(pharmacistToken));
    const waiting = Number(queue.headers.get('content-range')?.split('/')[1]);
    assert.ok(waiting >= 1, 'the store has prescriptions waiting');

    const page = await signedIn(pharmacist.email, pharmacist.password, '/');
    const tile = page.getByRole('link', { name: /Prescriptions waiting/ });
    await tile.filter({ hasText: String(waiting) }).waitFor();
    assert.equal(await page.getByText('Sales today').count(), 0, 'pharmacists do not read the sales reports');
    await page.getByRole('link', { name: /Below reorder level\s*\d+/ }).waitFor();
    await screenshot(page, 'dashboard-pharmacist');
    await tile.click();
    await page.getByText('Meera Iyer').waitFor();
  });
});
