import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TaxInvoiceRequest } from '@dawa/plugin-sdk';
import { rejectsWithCode } from '@dawa/plugin-sdk/testing';
import type { GstInvoiceFields } from '../src/index.js';
import { BUYER_GSTIN_KA, counterSale, gstProvider, GSTIN_MH, line } from './fixtures.js';

const gst = gstProvider();
const supplier = { name: 'Sanjeevani Pharmacy', address: 'Shop 4, Lokhandwala Complex, Andheri West, Mumbai 400053' };
const mixedSale = counterSale([
  line('dolo', 24_85, { description: 'Dolo 650 Tablet', quantity: 7, commodityCode: '30049099' }),
  line('imatinib', 1_234_00, { description: 'Imatinib 400 Tablet', quantity: 10, taxClass: 'GST_LIFESAVING' }),
]);

async function invoiceFor(request: Parameters<typeof gst.quote>[0], document: Partial<TaxInvoiceRequest['document']> = {}) {
  const quote = await gst.quote(request);
  return gst.invoice({ document: { kind: 'invoice', number: 'MUM-AND/2526/7', date: request.date, ...document }, supplier, quote });
}

describe('Rule 46 invoice fields', () => {
  it('carries supplier, GSTIN, serial, date, place of supply, reverse charge and per-line HSN, UQC, taxable value and taxes', async () => {
    const { fields } = await invoiceFor(mixedSale);
    const gstFields = fields as GstInvoiceFields;
    // Taxable and nil-rated goods to an unregistered buyer: one document serves as both (Rule 46A).
    assert.equal(gstFields.title, 'Invoice-cum-Bill of Supply');
    assert.deepEqual(gstFields.supplier, {
      ...supplier,
      gstin: GSTIN_MH,
      state: { code: '27', region: 'MH', name: 'Maharashtra', levyUtgst: false },
    });
    assert.equal(gstFields.number, 'MUM-AND/2526/7');
    assert.equal(gstFields.placeOfSupply.code, '27');
    assert.equal(gstFields.reverseCharge, false);
    assert.equal(gstFields.interState, false);
    assert.deepEqual(gstFields.lines[0], {
      serial: 1,
      description: 'Dolo 650 Tablet',
      hsn: '30049099',
      quantity: 7,
      uqc: 'TBS',
      taxableValue: 23_67,
      rate: 500,
      treatment: 'taxable',
      cgst: 59,
      sgst: 59,
      igst: 0,
      cess: 0,
      total: 24_85,
    });
    // 24.85 + 1234.00 = 1258.85 → 1259.
    assert.deepEqual(gstFields.totals, { taxableValue: 1_257_67, cgst: 59, sgst: 59, igst: 0, cess: 0, roundOff: 15, total: 1_259_00 });
  });

  it('prints CGST and SGST with their own rates, the round-off and the total', async () => {
    const { layout } = await invoiceFor(mixedSale);
    assert.deepEqual(
      layout.columns.map((c) => c.label),
      ['#', 'Description', 'HSN', 'Qty', 'UQC', 'Taxable value', 'GST rate', 'CGST', 'SGST', 'Total'],
    );
    assert.deepEqual(layout.rows[1], {
      serial: '2',
      description: 'Imatinib 400 Tablet',
      hsn: '3004',
      quantity: '10',
      uqc: 'TBS',
      taxableValue: '1234.00',
      rate: 'Nil',
      cgst: '0.00',
      sgst: '0.00',
      igst: '0.00',
      total: '1234.00',
    });
    assert.deepEqual(layout.totals, [
      { label: 'Taxable value', value: '1257.67' },
      { label: 'CGST @ 2.5% on 23.67', value: '0.59' },
      { label: 'SGST @ 2.5% on 23.67', value: '0.59' },
      { label: 'Round-off', value: '0.15' },
      { label: 'Invoice total', value: '1259.00' },
    ]);
    assert.deepEqual(
      layout.header.map((h) => `${h.label}: ${h.value}`),
      [
        `Supplier: ${supplier.name}`,
        `Address: ${supplier.address}`,
        `GSTIN: ${GSTIN_MH}`,
        'State: Maharashtra (27)',
        'Invoice no.: MUM-AND/2526/7',
        'Date: 03-11-2025',
        'Place of supply: Maharashtra (27)',
        'Reverse charge: No',
      ],
    );
  });

  it('shows the recipient GSTIN and an IGST column for an inter-state sale to a registered buyer', async () => {
    const { layout, fields } = await invoiceFor(
      counterSale([line('azithral', 71_70, { quantity: 3 })], {
        placeOfSupply: 'KA',
        buyer: { name: 'Care Clinic', taxId: BUYER_GSTIN_KA },
      }),
    );
    assert.equal((fields as GstInvoiceFields).title, 'Tax Invoice');
    assert.ok(layout.header.some((h) => h.label === 'Recipient GSTIN' && h.value === BUYER_GSTIN_KA));
    assert.ok(layout.header.some((h) => h.label === 'Place of supply' && h.value === 'Karnataka (29)'));
    assert.deepEqual(
      layout.columns.filter((c) => /GST$/.test(c.label)).map((c) => c.label),
      ['IGST'],
    );
  });

  it('titles an all-nil sale a bill of supply and a return a credit note against its invoice', async () => {
    const nil = await invoiceFor(counterSale([line('imatinib', 500_00, { taxClass: 'GST_LIFESAVING' })]));
    assert.equal(nil.layout.title, 'Bill of Supply');
    const credit = await invoiceFor(mixedSale, {
      kind: 'credit_note',
      number: 'MUM-AND/CN/1',
      original: { number: 'MUM-AND/2526/7', date: '2025-11-03' },
      reason: 'Returned unopened',
    });
    assert.equal(credit.layout.title, 'Credit Note');
    assert.ok(credit.layout.header.some((h) => h.label === 'Against invoice' && h.value === 'MUM-AND/2526/7 dated 03-11-2025'));
    assert.equal(credit.layout.totals.at(-1)?.label, 'Credit note total');
  });

  it('refuses a serial Rule 46 does not allow and a store in a state without a GSTIN', async () => {
    await rejectsWithCode(invoiceFor(mixedSale, { number: 'MUM-ANDHERI/2526/000007' }), 'invalid_input', 'document.number');
    await rejectsWithCode(invoiceFor(mixedSale, { number: 'MUM#7' }), 'invalid_input', 'document.number');
    await rejectsWithCode(invoiceFor({ ...mixedSale, seller: { region: 'DL' } }), 'invalid_input', 'quote.seller.taxId');
  });
});
