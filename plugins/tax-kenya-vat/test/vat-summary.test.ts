import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePluginConfig, type TaxDocument } from '@dawa/plugin-sdk';
import { rejectsWithCode } from '@dawa/plugin-sdk/testing';
import vat from '../src/index.js';
import type { VatSummary } from '../src/index.js';
import { BUYER_PIN, counterSale, KRA_PIN, line, vatProvider } from './fixtures.js';

const provider = vatProvider();

async function documents(): Promise<TaxDocument[]> {
  const walkIn = await provider.quote(
    counterSale([line('amoxil', 450_00, 'VAT_A_EXEMPT'), line('sanitiser', 350_00, 'VAT_B_16'), line('vitamin-c', 280_00, 'VAT_B_16')]),
  );
  const clinic = await provider.quote(
    counterSale([line('gloves', 1_160_00, 'VAT_B_16')], { buyer: { name: 'Uzima Clinic', taxId: BUYER_PIN } }),
  );
  const returned = await provider.quote(counterSale([line('sanitiser', 350_00, 'VAT_B_16')], { date: '2026-03-20' }));
  return [
    { kind: 'invoice', number: 'NBO-1/41', date: '2026-03-14', status: 'issued', quote: walkIn },
    { kind: 'invoice', number: 'NBO-1/42', date: '2026-03-14', status: 'issued', quote: clinic },
    { kind: 'invoice', number: 'NBO-1/43', date: '2026-03-15', status: 'cancelled', quote: walkIn },
    {
      kind: 'credit_note',
      number: 'NBO-1/CN/1',
      date: '2026-03-20',
      status: 'issued',
      quote: returned,
      original: { number: 'NBO-1/41', date: '2026-03-14', payable: 1_080_00 },
    },
  ];
}

describe('Kenya VAT summary export', () => {
  it("adds up a month's sales by tax type and by registered buyer, credit notes deducted", async () => {
    const report = await provider.report({ period: '2026-03', documents: await documents() });
    const data = report.data as VatSummary;
    assert.equal(report.fileName, `VAT_${KRA_PIN}_2026-03.json`);
    assert.deepEqual(data.byTaxType, [
      { taxType: 'A', description: 'A: exempt (medicaments)', rate: 0, taxableValue: 450, vat: 0, total: 450 },
      // 301.72 + 241.38 + 1000.00 − 301.72 taxable; 48.28 + 38.62 + 160.00 − 48.28 VAT.
      { taxType: 'B', description: 'B: 16 % standard rate', rate: 16, taxableValue: 1241.38, vat: 198.62, total: 1440 },
      { taxType: 'C', description: 'C: zero-rated', rate: 0, taxableValue: 0, vat: 0, total: 0 },
      { taxType: 'D', description: 'D: non-VAT', rate: 0, taxableValue: 0, vat: 0, total: 0 },
      { taxType: 'E', description: 'E: 8 %', rate: 8, taxableValue: 0, vat: 0, total: 0 },
    ]);
    assert.deepEqual(data.salesToRegistered, [
      // 1160.00 × 16 / 116 = 160.00.
      {
        buyerPin: BUYER_PIN,
        buyerName: 'Uzima Clinic',
        kind: 'invoice',
        number: 'NBO-1/42',
        date: '2026-03-14',
        taxableValue: 1000,
        vat: 160,
      },
    ]);
    assert.deepEqual(data.salesToUnregistered, { taxableValue: 691.38, vat: 38.62 });
    assert.deepEqual(data.documents, { invoices: 2, creditNotes: 1, cancelled: 1 });
    assert.deepEqual(data.totals, { taxableValue: 1691.38, vat: 198.62, total: 1890 });
    assert.deepEqual(JSON.parse(report.content), data);
  });

  it('needs the KRA PIN and a month the documents are in', async () => {
    await rejectsWithCode(
      vatProvider({ kraPin: undefined }).report({ period: '2026-03', documents: [] }),
      'invalid_input',
      'config.kraPin',
    );
    await rejectsWithCode(provider.report({ period: '2026-04', documents: await documents() }), 'invalid_input', 'documents.0.date');
  });

  it('validates the KRA PIN in the configuration', () => {
    assert.deepEqual(parsePluginConfig(vat, { kraPin: ' p051234567x ' }), { kraPin: KRA_PIN });
    assert.deepEqual(parsePluginConfig(vat, undefined), {});
    assert.throws(() => parsePluginConfig(vat, { kraPin: '051234567X' }), /kraPin: must be a KRA PIN/);
  });
});
