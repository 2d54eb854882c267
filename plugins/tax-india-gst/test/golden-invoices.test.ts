import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BUYER_GSTIN_KA, counterSale, gstProvider, line } from './fixtures.js';

const gst = gstProvider();
/** The parts of a taxed line a person checks against the printed invoice. */
const summary = (quote: Awaited<ReturnType<typeof gst.quote>>) =>
  quote.lines.map((l) => ({ taxable: l.taxable, tax: l.tax, components: l.components.map((c) => `${c.code} ${c.rate} ${c.amount}`) }));

describe('GST golden invoices, hand-computed to the paisa', () => {
  it('intra-state counter sale in Mumbai after GST 2.0: loose strip at 5 %, nil-rated life-saving drug, bandage; round-off up', async () => {
    const quote = await gst.quote(
      counterSale([
        // 7 tablets of a 10-strip at MRP 35.50: 35.50 × 7 / 10 = 24.85.
        line('dolo', 24_85, { quantity: 7, commodityCode: '30049099' }),
        line('imatinib', 1_234_00, { quantity: 10, taxClass: 'GST_LIFESAVING' }),
        line('bandage', 99_00, { commodityCode: '3005', unit: 'piece' }),
      ]),
    );
    assert.deepEqual(summary(quote), [
      // 24.85 × 100 / 105 = 23.666… → 23.67; tax 24.85 − 23.67 = 1.18 → CGST 0.59 + SGST 0.59.
      { taxable: 23_67, tax: 1_18, components: ['CGST 250 59', 'SGST 250 59'] },
      // Nil-rated from 22 Sep 2025: no tax at all.
      { taxable: 1_234_00, tax: 0, components: [] },
      // 99.00 × 100 / 105 = 94.2857… → 94.29; tax 4.71, odd paisa to CGST: 2.36 + 2.35.
      { taxable: 94_29, tax: 4_71, components: ['CGST 250 236', 'SGST 250 235'] },
    ]);
    assert.deepEqual(
      quote.lines.map((l) => l.treatment),
      ['taxable', 'nil_rated', 'taxable'],
    );
    // 24.85 + 1234.00 + 99.00 = 1357.85 → 1358 (85 paise ≥ 50: up by 0.15).
    assert.deepEqual(quote.totals, { taxable: 1_351_96, tax: 5_89, gross: 1_357_85, roundOff: 15, payable: 1_358_00 });
    assert.deepEqual(quote.byRate, [
      { rate: 0, treatment: 'nil_rated', taxable: 1_234_00, tax: 0, components: [] },
      {
        rate: 500,
        treatment: 'taxable',
        taxable: 117_96,
        tax: 5_89,
        components: [
          { code: 'CGST', rate: 250, amount: 2_95 },
          { code: 'SGST', rate: 250, amount: 2_94 },
        ],
      },
    ]);
    assert.deepEqual(quote.seller, { region: 'MH', taxId: '27AAICS1234F1ZK' });
    assert.equal(quote.placeOfSupply, 'MH');
  });

  it('inter-state delivery from Mumbai to a Bengaluru clinic: IGST only, discount kept on the line', async () => {
    const quote = await gst.quote(
      counterSale(
        [
          // 3 tablets of a 5-strip at MRP 119.50: 71.70.
          line('azithral', 71_70, { quantity: 3 }),
          // An instrument at 500.00 less 10 %: 450.00.
          line('nebuliser', 450_00, { commodityCode: '9018', unit: 'piece', discount: 50_00 }),
        ],
        { date: '2025-10-15', placeOfSupply: 'KA', buyer: { name: 'Care Clinic', taxId: BUYER_GSTIN_KA } },
      ),
    );
    assert.deepEqual(summary(quote), [
      // 71.70 × 100 / 105 = 68.2857… → 68.29; IGST 3.41.
      { taxable: 68_29, tax: 3_41, components: ['IGST 500 341'] },
      // 450.00 × 100 / 105 = 428.5714… → 428.57; IGST 21.43.
      { taxable: 428_57, tax: 21_43, components: ['IGST 500 2143'] },
    ]);
    assert.equal(quote.lines[1].discount, 50_00);
    // 71.70 + 450.00 = 521.70 → 522 (up by 0.30).
    assert.deepEqual(quote.totals, { taxable: 496_86, tax: 24_84, gross: 521_70, roundOff: 30, payable: 522_00 });
    assert.equal(quote.placeOfSupply, 'KA');
  });

  it('a sale dated 21 Sep 2025 keeps the old 12 %; the next day the same lines are 5 % and nil; round-off down', async () => {
    const lines = [
      // A 15-strip at MRP 30.20, sold whole.
      line('dolo', 30_20, { quantity: 15 }),
      line('imatinib', 500_00, { quantity: 10, taxClass: 'GST_LIFESAVING' }),
    ];
    const before = await gst.quote(counterSale(lines, { date: '2025-09-21' }));
    assert.deepEqual(summary(before), [
      // 30.20 × 100 / 112 = 26.9642… → 26.96; tax 3.24 → 1.62 + 1.62.
      { taxable: 26_96, tax: 3_24, components: ['CGST 600 162', 'SGST 600 162'] },
      // Before GST 2.0 the life-saving drug takes its HSN rate, 12 %: 500 × 100 / 112 = 446.4285… → 446.43; tax 53.57.
      { taxable: 446_43, tax: 53_57, components: ['CGST 600 2679', 'SGST 600 2678'] },
    ]);
    // 30.20 + 500.00 = 530.20 → 530 (20 paise < 50: down).
    assert.deepEqual(before.totals, { taxable: 473_39, tax: 56_81, gross: 530_20, roundOff: -20, payable: 530_00 });

    const after = await gst.quote(counterSale(lines, { date: '2025-09-22' }));
    assert.deepEqual(summary(after), [
      // 30.20 × 100 / 105 = 28.7619… → 28.76; tax 1.44 → 0.72 + 0.72.
      { taxable: 28_76, tax: 1_44, components: ['CGST 250 72', 'SGST 250 72'] },
      { taxable: 500_00, tax: 0, components: [] },
    ]);
    assert.deepEqual(after.totals, { taxable: 528_76, tax: 1_44, gross: 530_20, roundOff: -20, payable: 530_00 });
  });

  it('exactly 50 paise rounds the total up; 49 paise rounds it down', async () => {
    // 10.50 × 100 / 105 = 10.00 exactly; tax 0.50. Total 10.50 → 11.
    const half = await gst.quote(counterSale([line('a', 10_50)]));
    assert.deepEqual(half.totals, { taxable: 10_00, tax: 50, gross: 10_50, roundOff: 50, payable: 11_00 });
    // 10.49 × 100 / 105 = 9.9904… → 9.99; tax 0.50. Total 10.49 → 10.
    const under = await gst.quote(counterSale([line('a', 10_49)]));
    assert.deepEqual(under.totals, { taxable: 9_99, tax: 50, gross: 10_49, roundOff: -49, payable: 10_00 });
  });

  it('half a paisa of taxable value rounds up, and an odd paisa of tax goes to CGST', async () => {
    // At 12 %: 0.14 × 100 / 112 = 0.125 → 0.13; tax 0.01, all of it CGST.
    const quote = await gst.quote(counterSale([line('a', 14)], { date: '2025-01-10' }));
    assert.deepEqual(summary(quote), [{ taxable: 13, tax: 1, components: ['CGST 600 1', 'SGST 600 0'] }]);
  });

  it('a union territory without a legislature levies UTGST instead of SGST', async () => {
    // 105.00 × 100 / 105 = 100.00; tax 5.00 → CGST 2.50 + UTGST 2.50.
    const quote = await gst.quote(counterSale([line('a', 105_00)], { seller: { region: 'CH' } }));
    assert.deepEqual(summary(quote), [{ taxable: 100_00, tax: 5_00, components: ['CGST 250 250', 'UTGST 250 250'] }]);
  });
});
