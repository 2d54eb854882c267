import { Problem } from '../../common/problem.js';
import { CSV, TSV, type DelimitedFormat } from './delimited-records.js';

/** The media types a catalogue file may be sent as. text/plain is accepted for clients that know no better. */
export const IMPORT_MEDIA_TYPES = ['text/csv', 'text/tab-separated-values', 'text/plain'] as const;
/** The ones that get the large body limit (see import-body-parser.ts); text/plain keeps the API's normal limit. */
export const LARGE_IMPORT_MEDIA_TYPES = ['text/csv', 'text/tab-separated-values'];

/** The columns Dawa reads; any other column is ignored, so a supplier's export can be sent unchanged. */
export const COLUMNS = [
  'name',
  'manufacturer',
  'composition',
  'composition1',
  'composition2',
  'composition3',
  'composition4',
  'dosage_form',
  'pack_size',
  'base_unit',
  'barcodes',
  'schedule',
  'tax_class',
  'hsn_code',
  'kra_item_class',
  'mrp',
  'reorder_level',
] as const;
export type Column = (typeof COLUMNS)[number];
/** Where each known column is in a row. */
export type ColumnIndex = Partial<Record<Column, number>>;

const ALIASES: Record<string, Column> = { barcode: 'barcodes' };

function unsupported(): Problem {
  return new Problem(
    415,
    'unsupported-media-type',
    'Unsupported media type',
    'Send the file itself as the request body with Content-Type text/csv (comma-separated) or text/tab-separated-values (tab-separated), encoded as UTF-8.',
  );
}

/**
 * The file's format from its Content-Type. text/plain is sniffed: a tab in the header line means tab-separated.
 * Only UTF-8 (or its subset ASCII) is read; a declared legacy charset is refused up front.
 */
export function importFormat(contentType: string | undefined, firstLine: () => string): DelimitedFormat {
  const [type, ...params] = (contentType ?? '').split(';').map((p) => p.trim().toLowerCase());
  const charset = params
    .find((p) => p.startsWith('charset='))
    ?.slice('charset='.length)
    .replace(/"/g, '');
  if (charset && !['utf-8', 'utf8', 'us-ascii'].includes(charset)) throw unsupported();
  if (type === 'text/csv') return CSV;
  if (type === 'text/tab-separated-values') return TSV;
  if (type === 'text/plain') return firstLine().includes('\t') ? TSV : CSV;
  throw unsupported();
}

/** "Dosage Form", "dosage-form" and "DOSAGE_FORM" all name the dosage_form column. */
function normalise(header: string): string {
  return header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** Reads the header line. A file without a `name` column cannot be imported at all, so that is a 400 for the whole file. */
export function columnIndex(header: string[], format: DelimitedFormat): ColumnIndex {
  const index: ColumnIndex = {};
  header.forEach((raw, position) => {
    const name = normalise(raw);
    const column = (COLUMNS as readonly string[]).includes(name) ? (name as Column) : ALIASES[name];
    if (!column) return;
    if (index[column] !== undefined) {
      throw Problem.badRequest(`The header names the column "${column}" twice; keep one.`, [
        { field: 'header', message: `${column} appears twice` },
      ]);
    }
    index[column] = position;
  });
  if (index.name === undefined) {
    const hint =
      format.delimiter === ',' && header.length === 1 && header[0].includes('\t')
        ? ' The header contains tabs: send a tab-separated file as text/tab-separated-values.'
        : '';
    throw Problem.badRequest(
      `The file has no "name" column. Its first line must be a header naming the columns, e.g. name,manufacturer,composition,dosage_form,pack_size.${hint}`,
      [{ field: 'header', message: 'name column is missing' }],
    );
  }
  return index;
}
