import { randomUUID } from 'node:crypto';
import { derivedColumns, type ProductInput } from '@dawa/platform';
import type pg from 'pg';

const BATCH = 2000;

function schemaIdent(schema: string): string {
  if (!/^t_[a-z0-9]+$/.test(schema)) throw new Error(`Not a tenant schema: ${schema}`);
  return `"${schema}"`;
}

/**
 * Writes products with SQL, a few thousand rows per statement (one array parameter per column), storing the
 * columns `writeProduct` would derive. The tenant's triggers fill `search_vector` and the `search_word` list exactly
 * as for products written through the API. Returns the new ids in input order.
 */
export async function insertProducts(db: pg.ClientBase, schema: string, products: ProductInput[]): Promise<string[]> {
  const s = schemaIdent(schema);
  const ids: string[] = [];
  for (let start = 0; start < products.length; start += BATCH) {
    const batch = products.slice(start, start + BATCH);
    const rows = batch.map((p) => ({ id: randomUUID(), p, d: derivedColumns(p) }));
    const column = <T>(get: (row: (typeof rows)[number]) => T) => rows.map(get);
    await db.query('begin');
    await db.query(
      `insert into ${s}.product (id, name, generic_name, ingredients, composition_key, manufacturer, dosage_form, pack_size,
         base_unit, schedule, tax_class, mrp, import_key)
       select id, name, generic_name, ingredients::jsonb, composition_key, manufacturer, dosage_form, pack_size,
         base_unit, schedule, tax_class, mrp, import_key
       from unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[],
         $9::text[], $10::text[], $11::text[], $12::bigint[], $13::text[])
         as t(id, name, generic_name, ingredients, composition_key, manufacturer, dosage_form, pack_size,
              base_unit, schedule, tax_class, mrp, import_key)`,
      [
        column((r) => r.id),
        column((r) => r.p.name),
        column((r) => r.d.genericName),
        column((r) => JSON.stringify(r.p.ingredients)),
        column((r) => r.d.compositionKey),
        column((r) => r.p.manufacturer),
        column((r) => r.p.dosageForm),
        column((r) => r.p.packSize),
        column((r) => r.p.baseUnit),
        column((r) => r.p.schedule),
        column((r) => r.p.taxClass),
        column((r) => r.p.mrp ?? null),
        column((r) => r.d.importKey),
      ],
    );
    const barcodes = rows.flatMap((r) => r.p.barcodes.map((barcode) => [barcode, r.id]));
    await db.query(`insert into ${s}.product_barcode (barcode, product_id) select * from unnest($1::text[], $2::uuid[])`, [
      barcodes.map((b) => b[0]),
      barcodes.map((b) => b[1]),
    ]);
    await db.query('commit');
    ids.push(...rows.map((r) => r.id));
  }
  return ids;
}

/**
 * Stock for about a third of the given products in one store: two batches each, expiries from three months ago
 * (expired, not sellable) to two years ahead, so `inStock` sums over real, partly expired batches.
 */
export async function seedStock(db: pg.ClientBase, schema: string, storeId: string, productIds: string[]): Promise<void> {
  const s = schemaIdent(schema);
  await db.query(
    `insert into ${s}.stock_batch (id, store_id, product_id, batch_no, expiry, cost, mrp, quantity)
     select gen_random_uuid(), $1, p.id, 'B' || n, current_date + (random() * 810 - 90)::int, 100, 200, (random() * 200)::int
     from unnest($2::uuid[]) as p(id) cross join generate_series(1, 2) as n
     where abs(hashtext(p.id::text)) % 3 = 0`,
    [storeId, productIds],
  );
}
