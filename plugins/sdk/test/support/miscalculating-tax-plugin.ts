import { assembleTaxQuote, definePlugin, mulDivHalfUp, PLUGIN_API_VERSION, z, type TaxProvider } from '../../src/index.js';
import { taxContract, testTenant } from '../../src/testing/index.js';

// Registers the tax contract against a plugin with two classic mistakes, for contract-catches-mistakes.test.ts to run
// in a child process: it takes 10 % of a tax-inclusive price as the tax (instead of 10/110), and it promises whole-unit
// totals but never rounds them.
const miscalculating = definePlugin({
  name: 'tax-miscalculating',
  version: '0.0.1',
  apiVersion: PLUGIN_API_VERSION,
  countries: ['IN'],
  configSchema: z.object({}),
  provides: {
    tax: (): TaxProvider => ({
      taxClasses: [{ code: 'TEN', label: '10 %' }],
      roundingUnit: 100,
      quote: async (request) =>
        assembleTaxQuote({
          currency: 'INR',
          date: request.date,
          seller: request.seller,
          placeOfSupply: request.seller.region,
          lines: request.lines.map((line) => {
            const tax = mulDivHalfUp(line.amount, 1_000, 10_000);
            const components = [{ code: 'VAT', rate: 1_000, amount: tax }];
            return {
              ...line,
              discount: 0,
              rate: 1_000,
              treatment: 'taxable',
              taxable: line.amount - tax,
              tax,
              total: line.amount,
              components,
            };
          }),
          roundingUnit: 1,
        }),
      invoice: async () => ({ layout: { title: 'Invoice', header: [], columns: [], rows: [], totals: [], notes: [] }, fields: {} }),
      report: async () => ({ name: 'none', fileName: 'none.json', mediaType: 'application/json', content: '{}', data: {} }),
    }),
  },
});

taxContract(miscalculating, {
  tenant: testTenant('IN'),
  config: {},
  scenarios: [
    {
      name: 'any sale',
      request: { date: '2026-01-01', seller: { region: 'MH' } },
      lines: [{ description: 'Item', taxClass: 'TEN', unit: 'piece' }],
    },
  ],
  numRuns: 50,
});
