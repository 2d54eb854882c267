import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assembleTaxQuote,
  documentsForPeriod,
  isIsoDate,
  PluginInputError,
  taxQuoteRequestIssues,
  type TaxDocument,
  type TaxedLine,
} from '../src/index.js';

const classes = [{ code: 'STD', label: 'Standard' }];

const taxedLine = (id: string, rate: number, taxable: number, tax: number): TaxedLine => ({
  id,
  description: id,
  taxClass: 'STD',
  quantity: 1,
  unit: 'piece',
  amount: taxable + tax,
  discount: 0,
  rate,
  treatment: rate ? 'taxable' : 'exempt',
  taxable,
  tax,
  total: taxable + tax,
  components: rate ? [{ code: 'VAT', rate, amount: tax }] : [],
});

describe('tax plugin helpers', () => {
  it('knows real calendar dates', () => {
    assert.ok(isIsoDate('2024-02-29'));
    assert.ok(!isIsoDate('2025-02-29'));
    assert.ok(!isIsoDate('2025-9-1'));
  });

  it('lists every problem of a quote request with its field', () => {
    const line = { id: 'a', description: 'A', taxClass: 'STD', quantity: 1, unit: 'piece', amount: 100 };
    assert.deepEqual(taxQuoteRequestIssues({ date: '2026-01-01', seller: { region: 'MH' }, lines: [line] }, classes), []);
    assert.deepEqual(
      taxQuoteRequestIssues({ date: '2026-01-01', seller: { region: '' }, lines: [{ ...line, amount: -1, quantity: 0 }] }, classes).map(
        (i) => i.field,
      ),
      ['seller.region', 'lines.0.quantity', 'lines.0.amount'],
    );
    assert.deepEqual(taxQuoteRequestIssues(null, classes), [
      { field: '(request)', message: 'Invalid input: expected object, received null' },
    ]);
  });

  it('assembles per-rate groups and totals with the round-off', () => {
    const quote = assembleTaxQuote({
      currency: 'INR',
      date: '2026-01-01',
      seller: { region: 'MH' },
      placeOfSupply: 'MH',
      lines: [taxedLine('a', 500, 1000, 50), taxedLine('b', 0, 40, 0), taxedLine('c', 500, 200, 10)],
      roundingUnit: 100,
    });
    assert.deepEqual(quote.byRate, [
      { rate: 0, treatment: 'exempt', taxable: 40, tax: 0, components: [] },
      { rate: 500, treatment: 'taxable', taxable: 1200, tax: 60, components: [{ code: 'VAT', rate: 500, amount: 60 }] },
    ]);
    assert.deepEqual(quote.totals, { taxable: 1240, tax: 60, gross: 1300, roundOff: 0, payable: 1300 });
  });

  it("keeps a report to its month's documents, separating the cancelled", () => {
    const document = (number: string, date: string, status: TaxDocument['status'] = 'issued') => ({ number, date, status }) as TaxDocument;
    const result = documentsForPeriod({
      period: '2024-02',
      documents: [document('1', '2024-02-01'), document('2', '2024-02-29', 'cancelled')],
    });
    assert.deepEqual(result.period, { year: 2024, month: 2, from: '2024-02-01', to: '2024-02-29' });
    assert.deepEqual([result.issued.map((d) => d.number), result.cancelled.map((d) => d.number)], [['1'], ['2']]);
    assert.throws(() => documentsForPeriod({ period: '2024-02', documents: [document('3', '2024-03-01')] }), PluginInputError);
    assert.throws(() => documentsForPeriod({ period: 'Feb 2024', documents: [] }), /period: must be a month written YYYY-MM/);
  });
});
