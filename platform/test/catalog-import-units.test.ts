import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CSV, readRecords, TSV, type DelimitedFormat, type DelimitedRecord } from '../src/catalog/import/delimited-records.js';
import { columnIndex } from '../src/catalog/import/import-format.js';
import { parseMinorUnits, productInputOf, readRow } from '../src/catalog/import/import-row.js';
import type { TenantRef } from '../src/tenancy/tenant-ref.js';

/** Feeds the text in chunks of `size` bytes, so every split point (inside CRLF, quotes, multi-byte characters) is tried. */
async function records(text: string, format: DelimitedFormat, size: number): Promise<DelimitedRecord[]> {
  const bytes = Buffer.from(text);
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  const out: DelimitedRecord[] = [];
  for await (const record of readRecords(chunks, format)) out.push(record);
  return out;
}

describe('delimited records (RFC 4180 CSV, IANA TSV)', () => {
  it('reads quotes, escaped quotes, embedded delimiters and line breaks, CRLF and a BOM, however the input is split', async () => {
    const text = '\ufeffname,composition\r\n"Augmentin, 625 Duo","Amoxy ""500mg""\r\n+ Clav"\r\nParacétamol,x\r\n\r\nlast,line';
    const expected = [
      { line: 1, fields: ['name', 'composition'] },
      { line: 2, fields: ['Augmentin, 625 Duo', 'Amoxy "500mg"\r\n+ Clav'] },
      { line: 4, fields: ['Paracétamol', 'x'] },
      { line: 5, fields: [''] },
      { line: 6, fields: ['last', 'line'] },
    ];
    for (const size of [1, 2, 3, 7, 1024]) assert.deepEqual(await records(text, CSV, size), expected, `chunks of ${size}`);
  });

  it('reports text after a closing quote and a quote that never closes, on the line where the record starts', async () => {
    const [header, bad, unclosed] = await records('a,b\n"x"y,z\n"never closed,w\nmore\n', CSV, 4);
    assert.deepEqual(header.fields, ['a', 'b']);
    assert.equal(bad.line, 2);
    assert.match(bad.error ?? '', /must end right after its closing quote/);
    assert.equal(unclosed.line, 3);
    assert.match(unclosed.error ?? '', /never closed/);
  });

  it('treats quotes in TSV as text, as IANA TSV has no quoting', async () => {
    const [, row] = await records('name\tnote\n"Quoted" Tablet\t5" long\n', TSV, 5);
    assert.deepEqual(row.fields, ['"Quoted" Tablet', '5" long']);
  });

  it('refuses bytes that are not UTF-8', async () => {
    const chunks = [Buffer.from('name\nCaf'), Buffer.from([0xe9]), Buffer.from('\n')];
    await assert.rejects(
      (async () => {
        for await (const _ of readRecords(chunks, CSV));
      })(),
      { code: 'ERR_ENCODING_INVALID_ENCODED_DATA' },
    );
  });
});

describe('catalogue rows', () => {
  const india: TenantRef = {
    id: '00000000-0000-4000-8000-000000000000',
    slug: 'unit',
    name: 'Unit',
    country: 'IN',
    currency: 'INR',
    timezone: 'Asia/Kolkata',
    status: 'active',
    schemaName: 't_unittestschema',
    settings: {},
  };

  it('turns decimal prices into exact minor units, refusing anything ambiguous', () => {
    const cases: Array<[string, number | undefined]> = [
      ['125.50', 12550],
      ['125.5', 12550],
      ['4.35', 435], // 4.35 * 100 is 434.99999999999994 in binary floating point
      ['0.29', 29],
      ['1234567.89', 123456789],
      ['7', 700],
      ['12,5', undefined],
      ['1,250.00', undefined],
      ['1.005', undefined],
      ['.5', undefined],
      ['-3', undefined],
      ['₹10', undefined],
    ];
    for (const [text, minor] of cases) assert.equal(parseMinorUnits(text), minor, text);
  });

  it('fills what the file leaves out: form from the name, one pack, the country defaults; the pack unit follows the form', () => {
    const header = ['name', 'manufacturer', 'composition1', 'composition2', 'pack_size'];
    const columns = columnIndex(header, TSV);
    const sampleStyle = readRow({ line: 2, fields: ['Dolo 650 Tablet', 'Micro Labs', 'Paracetamol (650mg)', '', ''] }, columns, 5, india);
    assert.ok('row' in sampleStyle);
    assert.equal(sampleStyle.row.key, 'name:dolo 650 tablet|1 pack|micro labs');
    const created = productInputOf(sampleStyle.row, india);
    assert.ok('input' in created);
    assert.deepEqual(
      [created.input.dosageForm, created.input.packSize, created.input.baseUnit, created.input.schedule, created.input.taxClass],
      ['tablet', 1, 'pack', 'H', 'GST_HSN'],
    );
    const withPack = readRow({ line: 3, fields: ['Calpol Syrup', 'GSK', 'Paracetamol (120mg/5ml)', '', '60'] }, columns, 5, india);
    assert.ok('row' in withPack);
    assert.deepEqual([withPack.row.defaults.baseUnit, withPack.row.given.packSize], ['ml', 60]);
  });

  it('reports rows wider than the header and collects every problem of a row in one message', () => {
    const columns = columnIndex(['name', 'mrp', 'pack_size'], CSV);
    const wide = readRow({ line: 4, fields: ['Dolo 650 Tablet', '12', '10', 'extra'] }, columns, 3, india);
    assert.ok('message' in wide);
    assert.match(wide.message, /has 4 fields but the header has 3 columns/);
    const many = readRow({ line: 5, fields: ['', '12,5', 'ten'] }, columns, 3, india);
    assert.ok('message' in many);
    assert.equal(many.message, 'name: is required; pack_size: must be a whole number like 10; mrp: must be a price like 125.50');
  });

  it('reads header names loosely and refuses a header without name or with a column twice', () => {
    assert.deepEqual(columnIndex(['Name', 'Dosage Form', 'TAX-CLASS', 'Barcode', 'whatever'], CSV), {
      name: 0,
      dosage_form: 1,
      tax_class: 2,
      barcodes: 3,
    });
    assert.throws(() => columnIndex(['brand', 'mrp'], CSV), /no "name" column/);
    assert.throws(() => columnIndex(['name', 'barcodes', 'barcode'], CSV), /"barcodes" twice/);
  });
});
