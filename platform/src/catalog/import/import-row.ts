import type { z } from 'zod';
import type { TenantRef } from '../../tenancy/tenant-ref.js';
import { parseComposition } from '../composition.js';
import { catalogRules } from '../country-rules.js';
import { DOSAGE_FORM_NAMES, DOSAGE_FORMS, inferDosageForm, type DosageForm } from '../dosage-form.js';
import { isValidGtin } from '../gtin.js';
import { productImportKey } from '../product-key.js';
import { countryFieldErrors } from '../product-writer.js';
import { productInput, type ProductInput } from '../product.schemas.js';
import type { DelimitedRecord } from './delimited-records.js';
import type { Column, ColumnIndex } from './import-format.js';

/**
 * One data row of a catalogue file, read but not yet written. An empty cell means "not given": a new product gets
 * the default, an existing one keeps its value. That way re-importing a supplier file that has no MRP column does not
 * wipe the prices staff entered, and a file without a schedule column does not undo a pharmacist's classification.
 */
export interface ImportRow {
  line: number;
  /** `productImportKey` of the row: what finds the product again on the next import. */
  key: string;
  /** The cells the file gave. */
  given: Partial<ProductInput>;
  /** What a new product gets where the file says nothing. */
  defaults: Partial<ProductInput>;
}

export type RowResult = { row: ImportRow } | { line: number; message: string };

const PRICE = /^(\d{1,12})(?:\.(\d{1,2}))?$/;

/**
 * "125.50" → 12550 minor units, exactly: the digits are joined as text and read as one integer, so no binary
 * fraction (125.5 * 100 = 12549.999…) is ever involved. Two minor digits: paise, Kenyan cents, US cents.
 */
export function parseMinorUnits(text: string): number | undefined {
  const match = PRICE.exec(text);
  if (!match) return undefined;
  return Number(`${match[1]}${(match[2] ?? '').padEnd(2, '0')}`);
}

const WHOLE = /^\d{1,9}$/;

/** The product field each column fills, for messages that name the column the person sees in their file. */
const COLUMN_OF: Partial<Record<keyof ProductInput, Column>> = {
  name: 'name',
  manufacturer: 'manufacturer',
  ingredients: 'composition',
  dosageForm: 'dosage_form',
  packSize: 'pack_size',
  baseUnit: 'base_unit',
  barcodes: 'barcodes',
  schedule: 'schedule',
  taxClass: 'tax_class',
  hsnCode: 'hsn_code',
  kraItemClass: 'kra_item_class',
  mrp: 'mrp',
  reorderLevel: 'reorder_level',
};

/** The file column a product field comes from ("taxClass" → "tax_class"), for messages about the row. */
export function columnOf(field: string): string {
  return COLUMN_OF[field.split('.')[0] as keyof ProductInput] ?? field;
}

function dosageForm(cell: string): DosageForm | undefined {
  const lower = cell.toLowerCase();
  return (DOSAGE_FORM_NAMES as string[]).includes(lower) ? (lower as DosageForm) : inferDosageForm(cell);
}

/** Reads the cells of one record. Problems a person can fix in the cell itself are reported here, all at once. */
export function readRow(record: DelimitedRecord, columns: ColumnIndex, headerLength: number, tenant: TenantRef): RowResult {
  const line = record.line;
  if (record.error) return { line, message: record.error };
  if (record.fields.length > headerLength) {
    return {
      line,
      message: `has ${record.fields.length} fields but the header has ${headerLength} columns; put a value that contains the delimiter in double quotes`,
    };
  }
  const cell = (column: Column) => {
    const position = columns[column];
    return position === undefined ? '' : (record.fields[position] ?? '').trim();
  };
  const problems: string[] = [];
  const given: Partial<ProductInput> = {};

  const name = cell('name');
  if (!name) problems.push('name: is required');
  else given.name = name;
  if (cell('manufacturer')) given.manufacturer = cell('manufacturer');
  const composition = (['composition', 'composition1', 'composition2', 'composition3', 'composition4'] as const).map(cell);
  if (composition.some(Boolean)) given.ingredients = parseComposition(...composition);
  if (cell('dosage_form')) {
    const form = dosageForm(cell('dosage_form'));
    if (form) given.dosageForm = form;
    else problems.push(`dosage_form: "${cell('dosage_form')}" is not a dosage form; use one of ${DOSAGE_FORM_NAMES.join(', ')}`);
  }
  for (const [column, field] of [
    ['pack_size', 'packSize'],
    ['reorder_level', 'reorderLevel'],
  ] as const) {
    if (!cell(column)) continue;
    if (WHOLE.test(cell(column))) given[field] = Number(cell(column));
    else problems.push(`${column}: must be a whole number like 10`);
  }
  if (cell('base_unit')) given.baseUnit = cell('base_unit').toLowerCase();
  if (cell('barcodes')) {
    const barcodes = cell('barcodes')
      .split('|')
      .map((b) => b.trim())
      .filter(Boolean);
    const invalid = barcodes.filter((b) => !isValidGtin(b));
    if (invalid.length) {
      problems.push(
        `barcodes: ${invalid.join(', ')} ${invalid.length > 1 ? 'are not valid barcodes' : 'is not a valid barcode'} (EAN-8, UPC-A, EAN-13 or GTIN-14 with its check digit)`,
      );
    } else given.barcodes = [...new Set(barcodes)];
  }
  if (cell('schedule')) given.schedule = cell('schedule').toUpperCase();
  if (cell('tax_class')) given.taxClass = cell('tax_class').toUpperCase();
  if (cell('hsn_code')) given.hsnCode = cell('hsn_code');
  if (cell('kra_item_class')) given.kraItemClass = cell('kra_item_class');
  if (cell('mrp')) {
    const mrp = parseMinorUnits(cell('mrp'));
    if (mrp === undefined) problems.push('mrp: must be a price like 125.50');
    else given.mrp = mrp;
  }
  if (problems.length) return { line, message: problems.join('; ') };

  // The sample lists do not say the pack: one pack of whatever it is, until someone enters the real pack.
  const form = given.dosageForm ?? inferDosageForm(name);
  const rules = catalogRules(tenant.country);
  const defaults: Partial<ProductInput> = {
    dosageForm: form,
    packSize: 1,
    baseUnit: given.packSize !== undefined && form ? DOSAGE_FORMS[form as DosageForm].baseUnit : 'pack',
    // The cautious choice: prescription-only until a pharmacist reviews it (see country-rules.ts).
    schedule: rules.defaultSchedule,
    taxClass: rules.defaultTaxClass,
    // India's default class takes its GST rate from the HSN code: 3004 (medicaments in measured doses or retail
    // packs) is what these lists are; a file that knows better says so in hsn_code.
    ...(rules.defaultCommodityCode ? { hsnCode: rules.defaultCommodityCode } : {}),
  };
  const key = productImportKey({
    barcodes: given.barcodes ?? [],
    name,
    packSize: given.packSize ?? defaults.packSize!,
    baseUnit: given.baseUnit ?? defaults.baseUnit!,
    manufacturer: given.manufacturer ?? '',
  });
  return { row: { line, key, given, defaults } };
}

/**
 * The complete product a row stands for: the existing product (or the defaults, for a new one) overlaid with what
 * the file gave, checked by the same schema and country rules as the product API.
 */
export function productInputOf(row: ImportRow, tenant: TenantRef, existing?: ProductInput): { input: ProductInput } | { message: string } {
  const base = existing ?? row.defaults;
  if (!existing && !row.given.dosageForm && !row.defaults.dosageForm) {
    return {
      message: `dosage_form: the name does not say whether this is a tablet, syrup, injection…; add a dosage_form column (${DOSAGE_FORM_NAMES.join(', ')})`,
    };
  }
  const parsed = productInput.safeParse({ ...base, ...row.given });
  if (!parsed.success) return { message: zodMessage(parsed.error) };
  const countryErrors = countryFieldErrors(tenant, parsed.data);
  if (countryErrors.length) {
    return { message: countryErrors.map((e) => `${columnOf(e.field)}: ${e.message}`).join('; ') };
  }
  return { input: parsed.data };
}

function zodMessage(error: z.ZodError): string {
  const seen = new Set<string>();
  return error.issues
    .map((issue) => `${columnOf(issue.path.join('.'))}: ${issue.message}`)
    .filter((m) => !seen.has(m) && seen.add(m))
    .join('; ');
}
