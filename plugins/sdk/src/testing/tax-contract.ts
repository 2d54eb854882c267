import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createExtension, type PluginTenant } from '../context.js';
import type { PluginProviding } from '../define-plugin.js';
import { BASIS_POINTS_PER_UNIT } from '../money.js';
import type { TaxDocument, TaxLineInput, TaxProvider, TaxQuote, TaxQuoteRequest } from '../tax/tax-provider.js';
import { rejectsWithCode } from './expect-error.js';

export type TaxLineTemplate = Omit<TaxLineInput, 'id' | 'quantity' | 'amount' | 'discount'>;

/** A kind of sale the plugin prices: the parties and date, and the lines it may contain. */
export interface TaxContractScenario {
  name: string;
  request: Omit<TaxQuoteRequest, 'lines'>;
  /** Products that may appear; quantities, amounts and discounts are generated. */
  lines: readonly TaxLineTemplate[];
}

export interface TaxContractSetup {
  tenant: PluginTenant;
  /** A configuration under which every scenario can be invoiced and reported. */
  config: unknown;
  scenarios: readonly TaxContractScenario[];
  /** Random sales per property; 200 unless told. */
  numRuns?: number;
}

type Sale = { scenario: TaxContractScenario; request: TaxQuoteRequest };

function saleArbitrary(scenarios: readonly TaxContractScenario[]): fc.Arbitrary<Sale> {
  return fc.constantFrom(...scenarios).chain((scenario) =>
    fc
      .array(
        fc.record({
          template: fc.constantFrom(...scenario.lines),
          quantity: fc.integer({ min: 1, max: 1_000 }),
          // Up to ₹/KSh 1 lakh a line, with fast-check's bias towards the small and boundary amounts.
          amount: fc.integer({ min: 0, max: 10_000_000 }),
          discount: fc.integer({ min: 0, max: 100_000 }),
        }),
        { minLength: 1, maxLength: 12 },
      )
      .map((lines) => ({
        scenario,
        request: {
          ...scenario.request,
          lines: lines.map(({ template, ...generated }, index) => ({ ...template, ...generated, id: `line-${index + 1}` })),
        },
      })),
  );
}

/** One line of every template in the scenario, for the example-based checks. */
function sampleRequest(scenario: TaxContractScenario): TaxQuoteRequest {
  return {
    ...scenario.request,
    lines: scenario.lines.map((template, index) => ({ ...template, id: `line-${index + 1}`, quantity: 10, amount: 35_50 + index * 1_01 })),
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function assertLineInvariants(request: TaxQuoteRequest, quote: TaxQuote): void {
  assert.equal(quote.lines.length, request.lines.length, 'one taxed line per requested line');
  quote.lines.forEach((line, index) => {
    const asked = request.lines[index];
    const where = `line ${asked.id}`;
    assert.equal(line.id, asked.id, `${where}: lines come back in order`);
    for (const amount of [line.taxable, line.tax])
      assert.ok(Number.isSafeInteger(amount) && amount >= 0, `${where}: ${amount} is not a non-negative integer`);
    assert.equal(line.taxable + line.tax, line.total, `${where}: taxable + tax = total`);
    assert.equal(line.total, asked.amount, `${where}: the tax-inclusive amount is taxable + tax to the minor unit`);
    assert.equal(sum(line.components.map((c) => c.amount)), line.tax, `${where}: components add up to the tax`);
    assert.ok(
      line.components.every((c) => Number.isSafeInteger(c.amount) && c.amount >= 0),
      `${where}: no negative component`,
    );
    if (line.rate === 0 || line.treatment !== 'taxable') assert.equal(line.tax, 0, `${where}: untaxed lines carry no tax`);
    // The tax is the exact share rate / (1 + rate) of the amount, off by at most half a minor unit of rounding.
    const scale = BASIS_POINTS_PER_UNIT + line.rate;
    assert.ok(
      Math.abs(2 * (line.tax * scale - asked.amount * line.rate)) <= scale,
      `${where}: tax ${line.tax} is not ${asked.amount} × ${line.rate} / ${scale} rounded`,
    );
  });
}

function assertTotalsInvariants(quote: TaxQuote, roundingUnit: number): void {
  const { totals, lines } = quote;
  assert.equal(totals.taxable, sum(lines.map((l) => l.taxable)), 'taxable total is the sum of the lines');
  assert.equal(totals.tax, sum(lines.map((l) => l.tax)), 'tax total is the sum of the lines');
  assert.equal(totals.gross, sum(lines.map((l) => l.total)), 'gross is the sum of the line totals');
  assert.equal(totals.payable, totals.gross + totals.roundOff, 'payable = sum of lines + round-off');
  assert.equal(totals.payable % roundingUnit, 0, `payable is a multiple of ${roundingUnit}`);
  assert.ok(-roundingUnit < 2 * totals.roundOff && 2 * totals.roundOff <= roundingUnit, `round-off ${totals.roundOff} exceeds half a unit`);
  assert.equal(sum(quote.byRate.map((g) => g.taxable)), totals.taxable, 'rate groups add up to the taxable total');
  assert.equal(sum(quote.byRate.map((g) => g.tax)), totals.tax, 'rate groups add up to the tax total');
}

/** Registers the tax contract for a plugin: the invariants on random sales, input refusal, invoices and reports. */
export function taxContract(plugin: PluginProviding<'tax'>, setup: TaxContractSetup): void {
  const numRuns = setup.numRuns ?? 200;
  const provider = (): TaxProvider => createExtension(plugin, 'tax', { tenant: setup.tenant, config: setup.config });
  const sales = saleArbitrary(setup.scenarios);
  const [firstScenario] = setup.scenarios;

  describe(`tax contract: ${plugin.name}`, () => {
    it('offers every tax class the scenarios use', () => {
      const offered = new Set(provider().taxClasses.map((c) => c.code));
      for (const scenario of setup.scenarios) for (const line of scenario.lines) assert.ok(offered.has(line.taxClass), line.taxClass);
    });

    it('every line: taxable + tax = the tax-inclusive amount, no negative tax, components add up', async () => {
      const tax = provider();
      await fc.assert(
        fc.asyncProperty(sales, async ({ request }) => assertLineInvariants(request, await tax.quote(request))),
        { numRuns },
      );
    });

    it('totals are the sums of the lines plus a round-off of at most half a rounding unit', async () => {
      const tax = provider();
      await fc.assert(
        fc.asyncProperty(sales, async ({ request }) => assertTotalsInvariants(await tax.quote(request), tax.roundingUnit)),
        { numRuns },
      );
    });

    it('quotes the same sale the same way every time', async () => {
      const tax = provider();
      await fc.assert(
        fc.asyncProperty(sales, async ({ request }) => assert.deepEqual(await tax.quote(request), await tax.quote(request))),
        { numRuns: Math.ceil(numRuns / 4) },
      );
    });

    it('quotes an empty sale as zero', async () => {
      const quote = await provider().quote({ ...firstScenario.request, lines: [] });
      assert.deepEqual(quote.totals, { taxable: 0, tax: 0, gross: 0, roundOff: 0, payable: 0 });
    });

    it('refuses unknown tax classes, negative amounts, fractional quantities and repeated line ids, naming the field', async () => {
      const tax = provider();
      const [line] = sampleRequest(firstScenario).lines;
      const withLines = (...lines: TaxLineInput[]) => tax.quote({ ...firstScenario.request, lines });
      await rejectsWithCode(withLines({ ...line, taxClass: 'NO_SUCH_CLASS' }), 'invalid_input', 'lines.0.taxClass');
      await rejectsWithCode(withLines({ ...line, amount: -1 }), 'invalid_input', 'lines.0.amount');
      await rejectsWithCode(withLines({ ...line, amount: 10.5 }), 'invalid_input', 'lines.0.amount');
      await rejectsWithCode(withLines({ ...line, quantity: 1.5 }), 'invalid_input', 'lines.0.quantity');
      await rejectsWithCode(withLines(line, line), 'invalid_input', 'lines.1.id');
      await rejectsWithCode(tax.quote({ ...firstScenario.request, date: '2025-02-30', lines: [line] }), 'invalid_input', 'date');
    });

    it('prints an invoice and a credit note with a row per line, titled differently', async () => {
      const tax = provider();
      for (const scenario of setup.scenarios) {
        const quote = await tax.quote(sampleRequest(scenario));
        const supplier = { name: 'Contract Pharmacy', address: '1 Test Road' };
        const date = scenario.request.date;
        const invoice = await tax.invoice({ document: { kind: 'invoice', number: 'CT/1', date }, supplier, quote });
        const credit = await tax.invoice({
          document: { kind: 'credit_note', number: 'CN/1', date, original: { number: 'CT/1', date }, reason: 'Returned' },
          supplier,
          quote,
        });
        for (const { layout } of [invoice, credit]) {
          assert.ok(layout.title && layout.header.length && layout.totals.length && layout.columns.length, scenario.name);
          assert.equal(layout.rows.length, quote.lines.length, scenario.name);
          for (const row of layout.rows) for (const column of layout.columns) assert.equal(typeof row[column.key], 'string', column.key);
        }
        assert.notEqual(credit.layout.title, invoice.layout.title, 'a credit note is not titled as an invoice');
      }
    });

    it("reports a month's documents and refuses one dated outside it", async () => {
      const tax = provider();
      for (const scenario of setup.scenarios) {
        const quote = await tax.quote(sampleRequest(scenario));
        const { date, seller } = scenario.request;
        const documents: TaxDocument[] = [
          { kind: 'invoice', number: 'CT/1', date, status: 'issued', quote },
          { kind: 'invoice', number: 'CT/2', date, status: 'cancelled', quote },
          {
            kind: 'credit_note',
            number: 'CN/1',
            date,
            status: 'issued',
            quote,
            original: { number: 'CT/1', date, payable: quote.totals.payable },
          },
        ];
        const period = date.slice(0, 7);
        const report = await tax.report({ period, region: seller.region, documents });
        assert.ok(report.name && report.fileName && report.content, scenario.name);
        if (report.mediaType === 'application/json') assert.deepEqual(JSON.parse(report.content), report.data);
        const nextYear = `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`;
        await rejectsWithCode(
          tax.report({ period, region: seller.region, documents: [{ ...documents[0], date: nextYear }] }),
          'invalid_input',
          'documents.0.date',
        );
      }
    });
  });
}
