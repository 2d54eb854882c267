import { randomUUID } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Problem, type FieldError } from '../common/problem.js';
import { ident } from '../database/sql.js';
import type { TenantRef } from '../tenancy/tenant-ref.js';
import { compositionKey, genericName } from './composition.js';
import { catalogRules } from './country-rules.js';
import { ProductEntity, type Product } from './product.entity.js';
import { productImportKey } from './product-key.js';
import type { ProductInput } from './product.schemas.js';

/** The country rules zod cannot know: schedules and tax classes come from the tenant's country. */
export function countryFieldErrors(
  tenant: TenantRef,
  input: Partial<Pick<ProductInput, 'schedule' | 'taxClass' | 'hsnCode'>>,
): FieldError[] {
  const rules = catalogRules(tenant.country);
  const errors: FieldError[] = [];
  if (input.schedule !== undefined && !rules.schedules.includes(input.schedule)) {
    errors.push({ field: 'schedule', message: `must be one of ${rules.schedules.join(', ')} for ${tenant.country}` });
  }
  if (input.taxClass !== undefined && !rules.taxClasses.includes(input.taxClass)) {
    errors.push({ field: 'taxClass', message: `must be one of ${rules.taxClasses.join(', ')} for ${tenant.country}` });
  }
  if (input.taxClass && rules.taxClassesNeedingCommodityCode?.includes(input.taxClass) && !input.hsnCode) {
    errors.push({ field: 'hsnCode', message: `is required with tax class ${input.taxClass}: the GST rate depends on it` });
  }
  return errors;
}

/**
 * Derived columns: generic name, substitute key and import identity always follow the fields they come from.
 * Exported for bulk loaders (benchmarks) that write rows with SQL and must store what this writer would.
 */
export function derivedColumns(input: ProductInput) {
  return {
    genericName: genericName(input.ingredients),
    compositionKey: compositionKey(input.ingredients, input.dosageForm),
    importKey: productImportKey(input),
  };
}

/**
 * Writes one product and its barcodes inside the caller's transaction. Shared by the product API and the catalogue
 * import so both apply the same rules. Returns the product; throws a Problem naming the field at fault.
 */
export async function writeProduct(em: EntityManager, tenant: TenantRef, input: ProductInput, existing?: Product): Promise<Product> {
  const errors = countryFieldErrors(tenant, input);
  if (errors.length) throw Problem.validation(errors);
  const s = ident(tenant.schemaName);
  const values = {
    name: input.name,
    manufacturer: input.manufacturer,
    ingredients: input.ingredients,
    dosageForm: input.dosageForm,
    packSize: input.packSize,
    baseUnit: input.baseUnit,
    schedule: input.schedule,
    taxClass: input.taxClass,
    hsnCode: input.hsnCode ?? null,
    kraItemClass: input.kraItemClass ?? null,
    mrp: input.mrp ?? null,
    reorderLevel: input.reorderLevel,
    status: input.status,
    ...derivedColumns(input),
  };
  const barcodes = [...new Set(input.barcodes)];
  if (barcodes.length) {
    const taken = await em.execute<{ barcode: string; name: string }[]>(
      `select b.barcode, p.name from ${s}.product_barcode b join ${s}.product p on p.id = b.product_id where b.barcode in (${barcodes.map(() => '?').join(',')}) and b.product_id <> ?`,
      [...barcodes, existing?.id ?? '00000000-0000-0000-0000-000000000000'],
    );
    if (taken.length) {
      throw Problem.conflict(`Barcode ${taken[0].barcode} already belongs to "${taken[0].name}".`, 'barcode-taken', {
        errors: [{ field: 'barcodes', message: `${taken[0].barcode} is already used by another product` }],
      });
    }
  }
  const product = existing ? em.assign(existing, values) : em.create(ProductEntity, { id: randomUUID(), ...values });
  try {
    await em.flush();
  } catch (error) {
    if (error instanceof UniqueConstraintViolationException) {
      throw Problem.conflict('A product with this barcode, or this name, pack and manufacturer, already exists.', 'product-exists');
    }
    throw error;
  }
  // A product created just now has no barcodes yet: one round trip fewer per new product (it adds up in imports).
  const current = existing
    ? (await em.execute<{ barcode: string }[]>(`select barcode from ${s}.product_barcode where product_id = ?`, [product.id])).map(
        (r) => r.barcode,
      )
    : [];
  const removed = current.filter((b) => !barcodes.includes(b));
  const added = barcodes.filter((b) => !current.includes(b));
  if (removed.length) {
    await em.execute(`delete from ${s}.product_barcode where product_id = ? and barcode in (${removed.map(() => '?').join(',')})`, [
      product.id,
      ...removed,
    ]);
  }
  if (added.length) {
    try {
      await em.execute(
        `insert into ${s}.product_barcode (barcode, product_id) values ${added.map(() => '(?, ?)').join(', ')}`,
        added.flatMap((b) => [b, product.id]),
      );
    } catch (error) {
      // Claimed by a concurrent writer since the check above.
      if (error instanceof UniqueConstraintViolationException)
        throw Problem.conflict('One of these barcodes was just given to another product.', 'barcode-taken');
      throw error;
    }
  }
  return product;
}

export async function barcodesOf(em: EntityManager, tenant: TenantRef, productIds: string[]): Promise<Map<string, string[]>> {
  const map = new Map<string, string[]>(productIds.map((id) => [id, []]));
  if (!productIds.length) return map;
  const rows = await em.execute<{ product_id: string; barcode: string }[]>(
    `select product_id, barcode from ${ident(tenant.schemaName)}.product_barcode where product_id in (${productIds.map(() => '?').join(',')}) order by barcode`,
    productIds,
  );
  for (const row of rows) map.get(row.product_id)?.push(row.barcode);
  return map;
}
