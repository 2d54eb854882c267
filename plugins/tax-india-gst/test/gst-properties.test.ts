import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { TaxDocument, TaxQuoteRequest } from '@dawa/plugin-sdk';
import type { Gstr1 } from '../src/index.js';
import { gstProvider } from './fixtures.js';

// The invariants every tax plugin keeps (totals = lines + round-off, no negative tax, taxable + tax = price) are
// checked on random sales by the SDK's tax contract suite (tax-contract.test.ts); these are the GST-specific ones.

const gst = gstProvider();

const lineArbitrary = fc.record({
  description: fc.constant('Random medicine'),
  commodityCode: fc.constantFrom('3004', '30049099', '3003', '3005', '9018', '300431', '3822'),
  taxClass: fc.constantFrom('GST_HSN', 'GST_HSN', 'GST_LIFESAVING', 'GST_0', 'GST_EXEMPT', 'GST_5', 'GST_12', 'GST_18'),
  quantity: fc.integer({ min: 1, max: 200 }),
  unit: fc.constantFrom('tablet', 'ml', 'piece'),
  amount: fc.integer({ min: 0, max: 5_000_000 }),
});

const saleArbitrary: fc.Arbitrary<TaxQuoteRequest> = fc.record({
  // Either side of GST 2.0, and the day it began.
  date: fc.constantFrom('2024-06-01', '2025-09-21', '2025-09-22', '2026-02-01'),
  seller: fc.constant({ region: 'MH' }),
  placeOfSupply: fc.constantFrom('MH', 'KA', 'DL'),
  lines: fc.array(lineArbitrary, { minLength: 1, maxLength: 10 }).map((lines) => lines.map((l, i) => ({ ...l, id: `l${i}` }))),
});

describe('GST properties', () => {
  it('CGST + SGST = the tax, differing by at most the odd paisa (to CGST); inter-state tax is all IGST', async () => {
    await fc.assert(
      fc.asyncProperty(saleArbitrary, async (request) => {
        const quote = await gst.quote(request);
        for (const line of quote.lines.filter((l) => l.tax > 0)) {
          const amounts = Object.fromEntries(line.components.map((c) => [c.code, c.amount]));
          if (request.placeOfSupply === 'MH') {
            assert.equal(amounts.CGST + amounts.SGST, line.tax);
            assert.ok([0, 1].includes(amounts.CGST - amounts.SGST));
          } else {
            assert.deepEqual(amounts, { IGST: line.tax });
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('taxable value is price × 100 / (100 + rate) rounded half up to the paisa', async () => {
    await fc.assert(
      fc.asyncProperty(saleArbitrary, async (request) => {
        for (const line of (await gst.quote(request)).lines) {
          const scale = BigInt(10_000 + line.rate);
          const exact = BigInt(line.amount) * 10_000n; // = taxable × scale when there is nothing to round
          const lower = exact / scale;
          const twiceRemainder = 2n * (exact % scale);
          assert.equal(
            BigInt(line.taxable),
            twiceRemainder >= scale ? lower + 1n : lower,
            `line ${line.id}: ${line.amount} at ${line.rate}`,
          );
        }
      }),
      { numRuns: 300 },
    );
  });

  it('rounds the total to the rupee, never by 50 paise or more downwards nor more than 50 upwards', async () => {
    await fc.assert(
      fc.asyncProperty(saleArbitrary, async (request) => {
        const { totals } = await gst.quote(request);
        const paise = totals.gross % 100;
        assert.equal(totals.payable % 100, 0);
        assert.equal(totals.roundOff, paise >= 50 ? 100 - paise : 0 - paise);
        assert.ok(totals.roundOff > -50 && totals.roundOff <= 50);
      }),
      { numRuns: 300 },
    );
  });

  it('the order of the lines does not change the totals', async () => {
    await fc.assert(
      fc.asyncProperty(saleArbitrary, async (request) => {
        const reversed = { ...request, lines: [...request.lines].reverse() };
        assert.deepEqual((await gst.quote(reversed)).totals, (await gst.quote(request)).totals);
      }),
      { numRuns: 100 },
    );
  });

  it("GSTR-1's HSN summary adds up to the month's invoices less its credit notes, to the paisa", async () => {
    const paise = (rupees: number) => Math.round(rupees * 100);
    const monthSales = fc.array(
      fc.record({ sale: saleArbitrary, kind: fc.constantFrom<TaxDocument['kind']>('invoice', 'invoice', 'credit_note') }),
      { minLength: 1, maxLength: 8 },
    );
    await fc.assert(
      fc.asyncProperty(monthSales, async (sales) => {
        const documents = await Promise.all(
          sales.map(async ({ sale, kind }, index): Promise<TaxDocument> => {
            const date = '2026-02-01';
            return { kind, number: `D/${index + 1}`, date, status: 'issued', quote: await gst.quote({ ...sale, date }) };
          }),
        );
        const signed = (pick: (d: TaxDocument) => number) =>
          documents.reduce((sum, d) => sum + (d.kind === 'invoice' ? 1 : -1) * pick(d), 0);
        const rows = ((await gst.report({ period: '2026-02', region: 'MH', documents })).data as Gstr1).hsn?.data ?? [];
        assert.equal(
          rows.reduce((sum, row) => sum + paise(row.txval), 0),
          signed((d) => d.quote.totals.taxable),
        );
        assert.equal(
          rows.reduce((sum, row) => sum + paise(row.iamt) + paise(row.camt) + paise(row.samt), 0),
          signed((d) => d.quote.totals.tax),
        );
      }),
      { numRuns: 100 },
    );
  });
});
