import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TaxDocument, TaxQuoteRequest } from '@dawa/plugin-sdk';
import { rejectsWithCode } from '@dawa/plugin-sdk/testing';
import type { Gstr1 } from '../src/index.js';
import { BUYER_GSTIN_KA, counterSale, gstProvider, GSTIN_MH, line } from './fixtures.js';

const gst = gstProvider();
const clinic = { name: 'Care Clinic', taxId: BUYER_GSTIN_KA };

const counter = counterSale([
  line('dolo', 24_85, { quantity: 7 }),
  line('imatinib', 1_234_00, { quantity: 10, taxClass: 'GST_LIFESAVING' }),
  line('bandage', 99_00, { commodityCode: '3005', unit: 'piece' }),
]);
const toClinic = counterSale(
  [line('azithral', 71_70, { quantity: 3 }), line('nebuliser', 450_00, { commodityCode: '9018', unit: 'piece' })],
  {
    date: '2025-11-15',
    placeOfSupply: 'KA',
    buyer: clinic,
  },
);
// An inter-state consumer invoice over ₹1 lakh: reported on its own in b2cl.
const largeInterState = counterSale([line('ventilator', 1_20_000_00, { commodityCode: '9018', unit: 'piece' })], {
  date: '2025-11-20',
  placeOfSupply: 'KA',
});
const bandageReturn = counterSale([line('bandage', 99_00, { commodityCode: '3005', unit: 'piece' })], { date: '2025-11-25' });
const nebuliserReturn = counterSale([line('nebuliser', 450_00, { commodityCode: '9018', unit: 'piece' })], {
  date: '2025-11-26',
  placeOfSupply: 'KA',
  buyer: clinic,
});

async function document(
  kind: TaxDocument['kind'],
  number: string,
  request: TaxQuoteRequest,
  extra: Partial<TaxDocument> = {},
): Promise<TaxDocument> {
  return { kind, number, date: request.date, status: 'issued', quote: await gst.quote(request), ...extra };
}

async function november(): Promise<TaxDocument[]> {
  const invoice1 = await document('invoice', 'MUM/2526/0001', counter);
  return [
    invoice1,
    await document('invoice', 'MUM/2526/0002', counter, { status: 'cancelled' }),
    await document('invoice', 'MUM/2526/0003', toClinic),
    await document('invoice', 'MUM/2526/0004', largeInterState),
    await document('credit_note', 'MUM/CN/0001', bandageReturn, {
      original: { number: 'MUM/2526/0001', date: '2025-11-03', payable: 1_358_00 },
    }),
    await document('credit_note', 'MUM/CN/0002', nebuliserReturn, {
      original: { number: 'MUM/2526/0003', date: '2025-11-15', payable: 522_00 },
    }),
  ];
}

describe('GSTR-1 export', () => {
  it('files registered buyers one by one, large inter-state sales one by one, the rest net by place of supply and rate', async () => {
    const report = await gst.report({ period: '2025-11', region: 'MH', documents: await november() });
    const data = report.data as Gstr1;
    assert.equal(report.fileName, `GSTR1_${GSTIN_MH}_112025.json`);
    assert.equal(data.gstin, GSTIN_MH);
    assert.equal(data.fp, '112025');
    assert.deepEqual(data.b2b, [
      {
        ctin: BUYER_GSTIN_KA,
        inv: [
          {
            inum: 'MUM/2526/0003',
            idt: '15-11-2025',
            val: 522,
            pos: '29',
            rchrg: 'N',
            inv_typ: 'R',
            // 68.29 + 428.57 taxable, 3.41 + 21.43 IGST.
            itms: [{ num: 1, itm_det: { rt: 5, txval: 496.86, iamt: 24.84, camt: 0, samt: 0, csamt: 0 } }],
          },
        ],
      },
    ]);
    assert.deepEqual(data.b2cl, [
      {
        pos: '29',
        // 120000 × 100 / 105 = 114285.714… → 114285.71; IGST 5714.29.
        inv: [
          {
            inum: 'MUM/2526/0004',
            idt: '20-11-2025',
            val: 120000,
            itms: [{ num: 1, itm_det: { rt: 5, txval: 114285.71, iamt: 5714.29, camt: 0, samt: 0, csamt: 0 } }],
          },
        ],
      },
    ]);
    // Invoice 1's 5 % goods (117.96 taxable, 2.95 + 2.94) less the returned bandage (94.29, 2.36 + 2.35).
    assert.deepEqual(data.b2cs, [
      { sply_ty: 'INTRA', pos: '27', typ: 'OE', rt: 5, txval: 23.67, iamt: 0, camt: 0.59, samt: 0.59, csamt: 0 },
    ]);
    assert.deepEqual(data.cdnr, [
      {
        ctin: BUYER_GSTIN_KA,
        nt: [
          {
            ntty: 'C',
            nt_num: 'MUM/CN/0002',
            nt_dt: '26-11-2025',
            val: 450,
            pos: '29',
            rchrg: 'N',
            inv_typ: 'R',
            itms: [{ num: 1, itm_det: { rt: 5, txval: 428.57, iamt: 21.43, camt: 0, samt: 0, csamt: 0 } }],
          },
        ],
      },
    ]);
    assert.equal(data.cdnur, undefined);
    assert.deepEqual(data.nil, { inv: [{ sply_ty: 'INTRAB2C', nil_amt: 1234, expt_amt: 0, ngsup_amt: 0 }] });
    assert.deepEqual(data.hsn?.data, [
      {
        num: 1,
        hsn_sc: '3004',
        desc: 'Medicaments in measured doses or retail packs',
        uqc: 'TBS',
        qty: 10,
        rt: 0,
        txval: 1234,
        iamt: 0,
        camt: 0,
        samt: 0,
        csamt: 0,
      },
      // Dolo (7 tablets, 23.67, 0.59 + 0.59) and Azithral (3 tablets, 68.29, IGST 3.41). The bandage sold and returned nets to nothing.
      {
        num: 2,
        hsn_sc: '3004',
        desc: 'Medicaments in measured doses or retail packs',
        uqc: 'TBS',
        qty: 10,
        rt: 5,
        txval: 91.96,
        iamt: 3.41,
        camt: 0.59,
        samt: 0.59,
        csamt: 0,
      },
      // Nebuliser sold and returned, ventilator sold.
      {
        num: 3,
        hsn_sc: '9018',
        desc: 'Medical, surgical and dental instruments and appliances',
        uqc: 'PCS',
        qty: 1,
        rt: 5,
        txval: 114285.71,
        iamt: 5714.29,
        camt: 0,
        samt: 0,
        csamt: 0,
      },
    ]);
    assert.deepEqual(data.doc_issue, {
      doc_det: [
        {
          doc_num: 1,
          doc_typ: 'Invoices for outward supply',
          docs: [{ num: 1, from: 'MUM/2526/0001', to: 'MUM/2526/0004', totnum: 4, cancel: 1, net_issue: 3 }],
        },
        {
          doc_num: 5,
          doc_typ: 'Credit Note',
          docs: [{ num: 1, from: 'MUM/CN/0001', to: 'MUM/CN/0002', totnum: 2, cancel: 0, net_issue: 2 }],
        },
      ],
    });
    assert.deepEqual(JSON.parse(report.content), data);
  });

  it('files a credit note against a large inter-state consumer invoice in cdnur', async () => {
    const note = await document('credit_note', 'MUM/CN/0003', largeInterState, {
      original: { number: 'MUM/2526/0004', date: '2025-11-20', payable: 1_20_000_00 },
    });
    const data = (await gst.report({ period: '2025-11', region: 'MH', documents: [note] })).data as Gstr1;
    assert.deepEqual(data.cdnur, [
      {
        typ: 'B2CL',
        ntty: 'C',
        nt_num: 'MUM/CN/0003',
        nt_dt: '20-11-2025',
        val: 120000,
        pos: '29',
        itms: [{ num: 1, itm_det: { rt: 5, txval: 114285.71, iamt: 5714.29, camt: 0, samt: 0, csamt: 0 } }],
      },
    ]);
    assert.equal(data.b2cs, undefined);
  });

  it('writes six-digit HSN codes for chains that must', async () => {
    const sale = await document('invoice', 'MUM/2526/0009', counterSale([line('dolo', 24_85, { quantity: 7, commodityCode: '30049099' })]));
    const data = (await gstProvider({ hsnDigits: 6 }).report({ period: '2025-11', region: 'MH', documents: [sale] })).data as Gstr1;
    assert.equal(data.hsn?.data[0].hsn_sc, '300490');
  });

  it("refuses another state's documents, an unregistered state and a month the documents are not in", async () => {
    const karnataka = await document('invoice', 'BLR/2526/0001', counterSale([line('a', 100)], { seller: { region: 'KA' } }));
    await rejectsWithCode(
      gst.report({ period: '2025-11', region: 'MH', documents: [karnataka] }),
      'invalid_input',
      'documents.0.quote.seller.taxId',
    );
    await rejectsWithCode(gst.report({ period: '2025-11', region: 'DL', documents: [] }), 'invalid_input', 'region');
    await rejectsWithCode(gst.report({ period: '2025-11', documents: [] }), 'invalid_input', 'region');
    await rejectsWithCode(gst.report({ period: '2025-12', region: 'MH', documents: [karnataka] }), 'invalid_input', 'documents.0.date');
    await rejectsWithCode(gst.report({ period: '2025-13', region: 'MH', documents: [] }), 'invalid_input', 'period');
  });
});
