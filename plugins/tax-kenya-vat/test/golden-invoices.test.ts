import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { counterSale, line, vatProvider } from './fixtures.js';

const vat = vatProvider();

describe('Kenya VAT golden invoices, hand-computed to the cent', () => {
  it('exempt medicines and 16 % goods on one sale', async () => {
    const quote = await vat.quote(
      counterSale([
        line('amoxil', 450_00, 'VAT_A_EXEMPT', { quantity: 21, unit: 'capsule' }),
        line('sanitiser', 350_00, 'VAT_B_16', { unit: 'piece' }),
        // 7 tablets of a 30-tablet pack at KSh 1,200.00: 1200 × 7 / 30 = 280.00.
        line('vitamin-c', 280_00, 'VAT_B_16', { quantity: 7 }),
      ]),
    );
    assert.deepEqual(
      quote.lines.map((l) => ({ category: l.category, taxable: l.taxable, tax: l.tax, components: l.components })),
      [
        { category: 'A', taxable: 450_00, tax: 0, components: [] },
        // 350.00 × 16 / 116 = 48.2758… → 48.28; taxable 301.72.
        { category: 'B', taxable: 301_72, tax: 48_28, components: [{ code: 'VAT', rate: 1600, amount: 48_28 }] },
        // 280.00 × 16 / 116 = 38.6206… → 38.62; taxable 241.38.
        { category: 'B', taxable: 241_38, tax: 38_62, components: [{ code: 'VAT', rate: 1600, amount: 38_62 }] },
      ],
    );
    // No round-off: eTIMS wants the total to be the sum of the items.
    assert.deepEqual(quote.totals, { taxable: 993_10, tax: 86_90, gross: 1_080_00, roundOff: 0, payable: 1_080_00 });
    assert.deepEqual(quote.byRate, [
      { rate: 0, treatment: 'exempt', taxable: 450_00, tax: 0, components: [] },
      { rate: 1600, treatment: 'taxable', taxable: 543_10, tax: 86_90, components: [{ code: 'VAT', rate: 1600, amount: 86_90 }] },
    ]);
  });

  it('zero-rated, non-VAT and 8 % lines', async () => {
    const quote = await vat.quote(
      counterSale([line('formula', 999_99, 'VAT_C_ZERO'), line('delivery', 150_00, 'VAT_D_NON_VAT'), line('e-item', 108_00, 'VAT_E_8')]),
    );
    assert.deepEqual(
      quote.lines.map((l) => [l.category, l.treatment, l.taxable, l.tax]),
      [
        ['C', 'zero_rated', 999_99, 0],
        ['D', 'outside_scope', 150_00, 0],
        // 108.00 × 8 / 108 = 8.00 exactly.
        ['E', 'taxable', 100_00, 8_00],
      ],
    );
  });

  it('rounds each line to the nearest cent', async () => {
    const quote = await vat.quote(counterSale([line('a', 3, 'VAT_B_16'), line('b', 4, 'VAT_B_16'), line('c', 87, 'VAT_B_16')]));
    // 0.03 × 16 / 116 = 0.0041… → 0.00; 0.04 × 16 / 116 = 0.0055… → 0.01; 0.87 × 16 / 116 = 0.12 exactly.
    // (At 16 % and 8 % the exact tax is never a half cent, so half-up never has to decide.)
    assert.deepEqual(
      quote.lines.map((l) => [l.taxable, l.tax]),
      [
        [3, 0],
        [3, 1],
        [75, 12],
      ],
    );
  });
});
