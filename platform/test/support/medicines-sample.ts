import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseComposition } from '../../src/catalog/composition.js';
import { DOSAGE_FORMS, inferDosageForm } from '../../src/catalog/dosage-form.js';
import { withCheckDigit } from '../../src/catalog/gtin.js';
import { writeProduct } from '../../src/catalog/product-writer.js';
import { productInput, type ProductInput } from '../../src/catalog/product.schemas.js';
import { TenantRegistry } from '../../src/tenancy/tenant-registry.service.js';
import type { TestApp } from './test-app.js';

/**
 * The Indian medicines sample (2,882 real brand names, manufacturers and compositions; provenance in
 * `tenants/examples/README.md`), as test and benchmark data for search. Not an import endpoint: the catalogue
 * import is its own feature; this only gets real-world names into a tenant quickly.
 */
export const MEDICINES_SAMPLE = fileURLToPath(new URL('../../../../tenants/examples/medicines-india-sample.tsv', import.meta.url));

export interface SampleRow {
  name: string;
  manufacturer: string;
  composition1: string;
  composition2: string;
}

export function readMedicinesSample(path = MEDICINES_SAMPLE): SampleRow[] {
  const [header, ...lines] = readFileSync(path, 'utf8').split(/\r?\n/).filter(Boolean);
  const columns = header.split('\t');
  return lines.map((line) => {
    const cells = line.split('\t');
    const value = (column: keyof SampleRow) => (cells[columns.indexOf(column)] ?? '').trim();
    return {
      name: value('name'),
      manufacturer: value('manufacturer'),
      composition1: value('composition1'),
      composition2: value('composition2'),
    };
  });
}

/** A valid, distinct GTIN-13 for the n-th sample product (prefix 890, India's GS1 range). */
export function sampleBarcode(index: number): string {
  return withCheckDigit(`890${String(index).padStart(9, '0')}`);
}

/** One row as a product: composition parsed, dosage form guessed from the name (soaps, mouthwashes: "device"). */
export function sampleProductInput(row: SampleRow, index: number): ProductInput {
  const dosageForm = inferDosageForm(row.name) ?? 'device';
  const { baseUnit } = DOSAGE_FORMS[dosageForm];
  return productInput.parse({
    name: row.name,
    manufacturer: row.manufacturer,
    ingredients: parseComposition(row.composition1, row.composition2),
    dosageForm,
    packSize: baseUnit === 'tablet' || baseUnit === 'capsule' ? 10 : 1,
    baseUnit,
    barcodes: [sampleBarcode(index)],
    schedule: 'H',
    taxClass: 'GST_5',
  });
}

export interface LoadedProduct extends SampleRow {
  id: string;
  barcode: string;
}

/**
 * Writes the rows into a tenant through the catalogue's own `writeProduct` (same derived columns, triggers and word
 * list as the API), a few hundred per transaction with a fresh EntityManager each, so the identity map stays small.
 */
export async function loadMedicinesSample(
  app: TestApp,
  slug: string,
  rows = readMedicinesSample(),
  batchSize = 250,
): Promise<LoadedProduct[]> {
  const tenant = await app.platform.app.get(TenantRegistry).bySlug(slug);
  if (!tenant) throw new Error(`No tenant ${slug}`);
  const loaded: LoadedProduct[] = [];
  for (let start = 0; start < rows.length; start += batchSize) {
    const em = app.platform.orm.em.fork({ schema: tenant.schemaName });
    await em.transactional(async (tx) => {
      for (const [offset, row] of rows.slice(start, start + batchSize).entries()) {
        const input = sampleProductInput(row, start + offset);
        const product = await writeProduct(tx, tenant, input);
        loaded.push({ ...row, id: product.id, barcode: input.barcodes[0] });
      }
    });
  }
  return loaded;
}
