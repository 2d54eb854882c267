import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rejectsWithCode } from '@dawa/plugin-sdk/testing';
import type { VatInvoiceFields } from '../src/index.js';
import { BUYER_PIN, counterSale, KRA_PIN, line, vatProvider } from './fixtures.js';

const vat = vatProvider();
const supplier = { name: 'Afya Pharmacy', address: 'Moi Avenue, Nairobi' };
const sale = counterSale(
  [
    line('amoxil', 450_00, 'VAT_A_EXEMPT', {
      description: 'Amoxil 500 Capsule',
      itemCode: 'KE2NTCA0000012',
      quantity: 21,
      unit: 'capsule',
    }),
    // KSh 400.00 less 12.5 %: 350.00.
    line('sanitiser', 350_00, 'VAT_B_16', { description: 'Hand sanitiser 500ml', commodityCode: '5059690800', discount: 50_00 }),
    line('vitamin-c', 280_00, 'VAT_B_16', { description: 'Vitamin C 500mg', quantity: 7 }),
  ],
  { buyer: { name: 'Uzima Clinic', taxId: BUYER_PIN } },
);

describe('eTIMS-ready invoice fields', () => {
  it('gives per tax type totals and items in shillings, converted exactly from cents', async () => {
    const quote = await vat.quote(sale);
    const { fields } = await vat.invoice({ document: { kind: 'invoice', number: 'NBO-1/000042', date: sale.date }, supplier, quote });
    const { etims, ...invoice } = fields as VatInvoiceFields;
    assert.deepEqual(invoice, {
      title: 'Tax Invoice',
      seller: { ...supplier, pin: KRA_PIN },
      buyer: { name: 'Uzima Clinic', pin: BUYER_PIN },
      number: 'NBO-1/000042',
      date: '2026-03-14',
    });
    const { itemList, ...totals } = etims;
    assert.deepEqual(totals, {
      totItemCnt: 3,
      taxblAmtA: 450,
      taxRtA: 0,
      taxAmtA: 0,
      // eTIMS's taxable amount per type is tax-inclusive: 350.00 + 280.00; VAT 48.28 + 38.62.
      taxblAmtB: 630,
      taxRtB: 16,
      taxAmtB: 86.9,
      taxblAmtC: 0,
      taxRtC: 0,
      taxAmtC: 0,
      taxblAmtD: 0,
      taxRtD: 0,
      taxAmtD: 0,
      taxblAmtE: 0,
      taxRtE: 8,
      taxAmtE: 0,
      totTaxblAmt: 1080,
      totTaxAmt: 86.9,
      totAmt: 1080,
    });
    assert.deepEqual(itemList, [
      {
        itemSeq: 1,
        itemCd: 'KE2NTCA0000012',
        itemClsCd: '0039.11.00',
        itemNm: 'Amoxil 500 Capsule',
        qty: 21,
        // 450.00 / 21 = 21.428… → 21.43.
        prc: 21.43,
        splyAmt: 450,
        dcRt: 0,
        dcAmt: 0,
        taxTyCd: 'A',
        taxblAmt: 450,
        taxAmt: 0,
        totAmt: 450,
      },
      {
        itemSeq: 2,
        itemCd: 'sanitiser',
        itemClsCd: '5059690800',
        itemNm: 'Hand sanitiser 500ml',
        qty: 1,
        prc: 400,
        splyAmt: 400,
        // 50.00 of 400.00.
        dcRt: 12.5,
        dcAmt: 50,
        taxTyCd: 'B',
        taxblAmt: 350,
        taxAmt: 48.28,
        totAmt: 350,
      },
      {
        itemSeq: 3,
        itemCd: 'vitamin-c',
        itemClsCd: '0039.11.00',
        itemNm: 'Vitamin C 500mg',
        qty: 7,
        prc: 40,
        splyAmt: 280,
        dcRt: 0,
        dcAmt: 0,
        taxTyCd: 'B',
        taxblAmt: 280,
        taxAmt: 38.62,
        totAmt: 280,
      },
    ]);
    // JSON carries exactly two decimals at most: no binary-fraction noise reaches KRA.
    assert.doesNotMatch(JSON.stringify(etims), /\.\d{3,}/);
  });

  it('prints per tax type totals the way Kenyan receipts do, and a credit note against its invoice', async () => {
    const quote = await vat.quote(sale);
    const { layout } = await vat.invoice({ document: { kind: 'invoice', number: 'NBO-1/000042', date: sale.date }, supplier, quote });
    assert.equal(layout.title, 'Tax Invoice');
    assert.deepEqual(layout.totals, [
      { label: 'Total A: exempt (medicaments)', value: '450.00' },
      { label: 'VAT A', value: '0.00' },
      { label: 'Total B: 16 % standard rate', value: '630.00' },
      { label: 'VAT B', value: '86.90' },
      { label: 'Total VAT', value: '86.90' },
      { label: 'Total', value: '1080.00' },
    ]);
    assert.ok(layout.header.some((h) => h.label === 'KRA PIN' && h.value === KRA_PIN));
    const credit = await vat.invoice({
      document: { kind: 'credit_note', number: 'NBO-1/CN/3', date: sale.date, original: { number: 'NBO-1/000042', date: sale.date } },
      supplier,
      quote,
    });
    assert.equal(credit.layout.title, 'Credit Note');
    assert.ok(credit.layout.header.some((h) => h.label === 'Against invoice'));
  });

  it('refuses to print an invoice without the seller KRA PIN', async () => {
    const quote = await vatProvider({ kraPin: undefined }).quote(sale);
    await rejectsWithCode(
      vat.invoice({ document: { kind: 'invoice', number: '1', date: sale.date }, supplier, quote }),
      'invalid_input',
      'quote.seller.taxId',
    );
  });
});
