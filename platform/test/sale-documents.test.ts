import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { assertProblem, createStore, createUser, provisionTenant, type TestTenant } from './support/fixtures.js';
import { enableIndiaGst, goldenIndianProducts, goldenKenyanSale } from './support/sales-fixtures.js';
import { renderInvoicePdf } from '../src/sales/invoice-pdf.js';
import { startTestApp, type TestApp } from './support/test-app.js';

/** The text of a PDF as poppler's pdftotext reads it (layout kept, so table rows stay on one line). */
function pdfText(pdf: Buffer): string {
  const out = spawnSync('pdftotext', ['-layout', '-', '-'], { input: pdf, encoding: 'utf8' });
  if (out.error) throw new Error(`pdftotext is needed to read the invoice (apt-get install poppler-utils): ${out.error.message}`);
  assert.equal(out.status, 0, out.stderr);
  return out.stdout;
}

/** Keeps the PDF (and, when poppler is there, a PNG of page 1) under test-artifacts/ to look at. */
function keep(name: string, pdf: Buffer): void {
  const dir = resolve(process.cwd(), 'test-artifacts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.pdf`), pdf);
  spawnSync('pdftoppm', ['-png', '-r', '110', '-singlefile', join(dir, `${name}.pdf`), join(dir, name)]);
}

async function getPdf(app: TestApp, path: string, tenant: string, token: string) {
  const res = await fetch(`${app.url}${path}`, { headers: { 'x-tenant': tenant, authorization: `Bearer ${token}` } });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: Buffer.from(await res.arrayBuffer()) };
}

describe('Sale invoice PDF', () => {
  let app: TestApp;
  let india: TestTenant;
  let kenya: TestTenant;

  before(async () => {
    app = await startTestApp();
    india = await provisionTenant(app, 'inv-india');
    kenya = await provisionTenant(app, 'inv-kenya', { country: 'KE' });
  });
  after(() => app?.close());

  it('prints an Indian GST tax invoice from the stored quote: GSTIN, HSN, CGST/SGST, round-off, payable, tender', async () => {
    const owner = { tenant: india.slug, token: india.ownerToken };
    const mumbai = await createStore(app, india, 'MUM-1');
    const pune = await createStore(app, india, 'PUN-1');
    await enableIndiaGst(app, india);
    const cashier = await createUser(app, india, 'cashier@inv.test', ['cashier'], [mumbai]);
    const { dolo, insulin, strip } = await goldenIndianProducts(app, india, mumbai);
    const sale = await app.api.post(
      '/api/v1/sales',
      {
        storeId: mumbai,
        customer: { name: 'Anita Desai', phone: '+919812345678' },
        lines: [
          { productId: dolo, quantity: 15 },
          { productId: insulin, quantity: 1 },
          { productId: strip, quantity: 7 },
        ],
        payments: [
          { method: 'upi', amount: 10000, reference: 'UPI-4471' },
          { method: 'cash', amount: 20000 },
        ],
      },
      { tenant: india.slug, token: cashier.token },
    );
    assert.equal(sale.status, 201, JSON.stringify(sale.body));
    // Payable ₹209.00 (gross 208.85, round-off +0.15); ₹100 by UPI, ₹200 cash → change ₹91.00.
    const pdf = await getPdf(app, `/api/v1/sales/${sale.body.id}/invoice.pdf`, india.slug, cashier.token);
    assert.equal(pdf.status, 200, pdf.body.toString());
    assert.equal(pdf.type, 'application/pdf');
    assert.equal(pdf.body.subarray(0, 4).toString(), '%PDF');
    keep('invoice-india', pdf.body);
    const text = pdfText(pdf.body);
    for (const expected of [
      // A nil-rated line on a sale to an unregistered buyer: Rule 46A's combined document.
      'INVOICE-CUM-BILL OF SUPPLY',
      'Chain inv-india',
      'MUM-1 Road',
      sale.body.invoiceNo,
      '27AAICS1234F1ZK',
      'Maharashtra (27)',
      'Anita Desai',
      '3004',
      'Dolo 650 Tablet',
      'Human Insulin Vial',
      'CGST',
      'SGST',
      '0.15',
      '209.00',
      '91.00',
      'UPI-4471',
    ]) {
      assert.ok(text.includes(expected), `invoice shows ${expected}:\n${text}`);
    }
    assert.match(text, /Amount payable \(INR\)\s+209\.00/);
    // Per rate: Dolo 32.38 + Cetirizine 23.67 taxable at 5 %, tax 0.81 + 0.59 on each of CGST and SGST.
    assert.match(text, /5%\s+56\.05\s+CGST 1\.40 \+ SGST 1\.40/, 'per-rate summary');
    assert.match(text, /Nil-rated\s+150\.00\s+0\.00/);
    assert.match(text, /authorised signatory/);

    // The same access as reading the sale: another store's cashier and another chain get 404.
    const puneCashier = await createUser(app, india, 'cashier.pune@inv.test', ['cashier'], [pune]);
    const hidden = await app.api.get(`/api/v1/sales/${sale.body.id}/invoice.pdf`, { tenant: india.slug, token: puneCashier.token });
    assertProblem(hidden, 404);
    assertProblem(await app.api.get(`/api/v1/sales/${sale.body.id}/invoice.pdf`, { tenant: kenya.slug, token: kenya.ownerToken }), 404);
    assertProblem(await app.api.get('/api/v1/sales/not-a-uuid/invoice.pdf', owner), 400);
    const auditor = await createUser(app, india, 'auditor@inv.test', ['auditor']);
    assert.equal((await getPdf(app, `/api/v1/sales/${sale.body.id}/invoice.pdf`, india.slug, auditor.token)).status, 200);

    // 5 of the 15 Dolo come back: the credit note is printed against the invoice, its refund as the tender.
    const doloLine = sale.body.lines.find((l: { productName: string }) => l.productName.startsWith('Dolo'));
    const returned = await app.api.post(
      `/api/v1/sales/${sale.body.id}/returns`,
      { lines: [{ saleLineId: doloLine.id, quantity: 5, restock: true }], reason: 'Dose changed' },
      { tenant: india.slug, token: cashier.token },
    );
    assert.equal(returned.status, 201, JSON.stringify(returned.body));
    const note = returned.body;
    const creditNote = await getPdf(app, `/api/v1/returns/${note.id}/credit-note.pdf`, india.slug, cashier.token);
    assert.equal(creditNote.status, 200, creditNote.body.toString());
    assert.equal(creditNote.type, 'application/pdf');
    keep('credit-note-india', creditNote.body);
    const noteText = pdfText(creditNote.body);
    for (const expected of ['CREDIT NOTE', note.creditNoteNo, sale.body.invoiceNo, 'Dolo 650 Tablet', 'Refunded to', 'Anita Desai']) {
      assert.ok(noteText.includes(expected), `credit note shows ${expected}:\n${noteText}`);
    }
    assert.ok(!noteText.includes('Human Insulin Vial'), 'only the returned line is credited');
    const refunded = (note.totals.total / 100).toFixed(2);
    assert.match(noteText, new RegExp(`Amount refunded \\(INR\\)\\s+${refunded.replace('.', '\\.')}`));
    assertProblem(await app.api.get(`/api/v1/returns/${note.id}/credit-note.pdf`, { tenant: india.slug, token: puneCashier.token }), 404);
    assertProblem(await app.api.get(`/api/v1/returns/${note.id}/credit-note.pdf`, { tenant: kenya.slug, token: kenya.ownerToken }), 404);
    assert.equal((await getPdf(app, `/api/v1/returns/${note.id}/credit-note.pdf`, india.slug, auditor.token)).status, 200);
  });

  it('prints a Kenyan VAT invoice with the KRA PIN, tax classes and the VAT note', async () => {
    const owner = { tenant: kenya.slug, token: kenya.ownerToken };
    const configured = await app.api.put('/api/v1/plugins/tax-kenya-vat', { enabled: true, config: { kraPin: 'P051234567X' } }, owner);
    assert.equal(configured.status, 200, JSON.stringify(configured.body));
    const sale = await goldenKenyanSale(app, kenya);
    assert.equal(sale.status, 201, JSON.stringify(sale.body));
    const pdf = await getPdf(app, `/api/v1/sales/${sale.body.id}/invoice.pdf`, kenya.slug, kenya.ownerToken);
    assert.equal(pdf.status, 200, pdf.body.toString());
    assert.equal(pdf.type, 'application/pdf');
    keep('invoice-kenya', pdf.body);
    const text = pdfText(pdf.body);
    for (const expected of [
      'P051234567X',
      sale.body.invoiceNo,
      'Panadol 500 Tablet',
      '34.48',
      '700.00',
      'NLJ7RT61SV',
      'Prices include VAT.',
    ]) {
      assert.ok(text.includes(expected), `invoice shows ${expected}:\n${text}`);
    }
    assert.match(text, /Amount payable \(KES\)\s+700\.00/);
    assert.match(text, /16%\s+215\.52/);
  });
});

describe('Invoice PDF layout', () => {
  it('continues a long invoice on further pages, repeating the column header, and prints every row', async () => {
    const rows = Array.from({ length: 70 }, (_, i) => ({
      serial: String(i + 1),
      description: `Product number ${i + 1} with a rather long name that has to wrap inside its column`,
      quantity: '1',
      amount: '10.00',
    }));
    const pdf = await renderInvoicePdf({
      layout: {
        title: 'Tax Invoice',
        header: [{ label: 'Invoice no.', value: 'S01/2026/000099' }],
        columns: [
          { key: 'serial', label: '#', align: 'right' },
          { key: 'description', label: 'Item', align: 'left' },
          { key: 'quantity', label: 'Qty', align: 'right' },
          { key: 'amount', label: 'Amount', align: 'right' },
        ],
        rows,
        totals: [{ label: 'Total', value: '700.00' }],
        notes: ['Prices include VAT.'],
      },
      supplier: { name: 'Dawa Chemists – Nairobi ₹', address: 'Moi Avenue', storeName: 'Counter 1' },
      currency: 'KES',
      customer: null,
      byRate: [{ rate: 1600, treatment: 'taxable', taxable: 60345, tax: 9655, components: [{ code: 'VAT', rate: 1600, amount: 9655 }] }],
      payable: 70000,
      payments: [{ method: 'cash', amount: 70000 }],
      change: 0,
      issuedAt: new Date('2026-11-21T10:00:00Z'),
    });
    keep('invoice-long', pdf);
    const text = pdfText(pdf);
    const pages = text.split('\f').filter((p) => p.trim());
    assert.ok(pages.length >= 3, `a 70-line invoice takes several pages, got ${pages.length}`);
    assert.match(pages[pages.length - 1], new RegExp(`page ${pages.length} of ${pages.length}`));
    for (const page of pages.slice(0, -1)) assert.match(page, /#\s+Item\s+Qty\s+Amount/, 'column header on every page of the table');
    for (let i = 1; i <= 70; i++) assert.match(text, new RegExp(`\\b${i}\\s+Product number ${i} with`), `row ${i} printed`);
    assert.match(text, /Dawa Chemists - Nairobi Rs\./, 'characters outside the standard fonts are replaced, not garbled');
  });
});
