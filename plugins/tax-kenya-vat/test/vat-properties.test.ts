import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { TaxQuoteRequest } from '@dawa/plugin-sdk';
import type { VatInvoiceFields } from '../src/index.js';
import { vatProvider } from './fixtures.js';

// The invariants every tax plugin keeps (totals = lines + round-off, no negative tax, taxable + tax = price) are
// checked on random sales by the SDK's tax contract suite (tax-contract.test.ts); these are the Kenya-specific ones.

const vat = vatProvider();
const RATES: Record<string, number> = { VAT_A_EXEMPT: 0, VAT_B_16: 16, VAT_C_ZERO: 0, VAT_D_NON_VAT: 0, VAT_E_8: 8 };

const saleArbitrary: fc.Arbitrary<TaxQuoteRequest> = fc.record({
  date: fc.constant('2026-03-14'),
  seller: fc.constant({ region: 'Nairobi' }),
  lines: fc
    .array(
      fc.record({
        description: fc.constant('Random item'),
        taxClass: fc.constantFrom(...Object.keys(RATES)),
        quantity: fc.integer({ min: 1, max: 500 }),
        unit: fc.constant('piece'),
        amount: fc.integer({ min: 0, max: 10_000_000 }),
        discount: fc.integer({ min: 0, max: 50_000 }),
      }),
      { minLength: 1, maxLength: 10 },
    )
    .map((lines) => lines.map((l, i) => ({ ...l, id: `l${i}` }))),
});

const cents = (shillings: number) => Math.round(shillings * 100);

describe('Kenya VAT properties', () => {
  it('VAT is price × r / (100 + r) rounded to the nearest cent', async () => {
    await fc.assert(
      fc.asyncProperty(saleArbitrary, async (request) => {
        for (const line of (await vat.quote(request)).lines) {
          const r = RATES[line.taxClass];
          // |100·tax·(100 + r) − 100·amount·r| ≤ half of 100·(100 + r): within half a cent of the exact share.
          assert.ok(Math.abs(2 * (line.tax * (100 + r) - line.amount * r)) <= 100 + r, `${line.amount} at ${r} %: ${line.tax}`);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('eTIMS totals per tax type add up to the invoice totals, in shillings with at most two decimals', async () => {
    await fc.assert(
      fc.asyncProperty(saleArbitrary, async (request) => {
        const quote = await vat.quote(request);
        const { etims } = (
          await vat.invoice({
            document: { kind: 'invoice', number: '1', date: request.date },
            supplier: { name: 'A', address: 'B' },
            quote,
          })
        ).fields as VatInvoiceFields;
        const types = ['A', 'B', 'C', 'D', 'E'] as const;
        assert.equal(
          types.reduce((sum, t) => sum + cents(etims[`taxAmt${t}`]), 0),
          quote.totals.tax,
        );
        assert.equal(
          types.reduce((sum, t) => sum + cents(etims[`taxblAmt${t}`]), 0),
          quote.totals.gross,
        );
        assert.equal(cents(etims.totAmt), quote.totals.payable);
        assert.equal(
          etims.itemList.reduce((sum, item) => sum + cents(item.totAmt), 0),
          quote.totals.payable,
        );
        for (const item of etims.itemList) {
          assert.equal(cents(item.splyAmt) - cents(item.dcAmt), cents(item.totAmt));
          assert.equal(cents(item.taxblAmt), cents(item.totAmt));
        }
        assert.doesNotMatch(JSON.stringify(etims), /\d\.\d{3,}/);
      }),
      { numRuns: 200 },
    );
  });
});
