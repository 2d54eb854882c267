import { catalogRules } from '../catalog/country-rules.js';
import { Problem } from '../common/problem.js';
import type { TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { genericMatches } from './prescription-coverage.js';
import type { PrescriptionItem } from './prescriptions.schemas.js';

/** An item as stored: a product of the catalogue with its name at the time, or what the prescriber wrote. */
export type RecordedItem = { productId: string; name: string; quantity: number } | { genericName: string; quantity: number };

/**
 * Items as they are stored: each product id checked against the tenant's catalogue (400 naming the item when it is
 * not there, which is also how another tenant's product id is refused) and recorded with its name.
 */
export async function recordedItems(scope: TenantScope, items: PrescriptionItem[], field = 'items'): Promise<RecordedItem[]> {
  const productIds = [...new Set(items.flatMap((item) => (item.productId ? [item.productId] : [])))];
  const products = productIds.length
    ? await scope.em.execute<{ id: string; name: string }[]>(
        `select id, name from ${ident(scope.tenant.schemaName)}.product where id in (${productIds.map(() => '?').join(',')})`,
        productIds,
      )
    : [];
  const known = new Map(products.map((p) => [p.id, p.name]));
  const unknown = items.flatMap((item, i) =>
    item.productId && !known.has(item.productId) ? [{ field: `${field}.${i}.productId`, message: 'no such product' }] : [],
  );
  if (unknown.length) throw Problem.validation(unknown);
  return items.map((item) =>
    item.productId
      ? { productId: item.productId, name: known.get(item.productId)!, quantity: item.quantity }
      : { genericName: item.genericName!, quantity: item.quantity },
  );
}

/**
 * The controlled drugs (India Schedule X, Kenya CD) a prescription's items allow dispensing: products named by id in
 * such a schedule, and those a written generic name would match at the counter. Any of them means the approval needs
 * a second pharmacist. Returns their names, for the audit and the pharmacist.
 */
export async function controlledDrugs(scope: TenantScope, items: PrescriptionItem[]): Promise<string[]> {
  const schedules = catalogRules(scope.tenant.country).secondSignatureSchedules;
  if (!schedules.length || !items.length) return [];
  const controlled = await scope.em.execute<{ id: string; name: string; generic_name: string; ingredients: Array<{ name: string }> }[]>(
    `select id, name, generic_name, ingredients from ${ident(scope.tenant.schemaName)}.product
     where schedule in (${schedules.map(() => '?').join(',')}) order by name`,
    [...schedules],
  );
  return controlled
    .filter((product) =>
      items.some((item) =>
        item.productId
          ? item.productId === product.id
          : genericMatches(item.genericName!, {
              genericName: product.generic_name,
              ingredientNames: product.ingredients.map((i) => i.name),
            }),
      ),
    )
    .map((product) => product.name);
}
