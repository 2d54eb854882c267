import { Problem, type FieldError } from '../common/problem.js';
import type { TenantScope } from '../common/tenant-scope.js';
import { ident } from '../database/sql.js';
import { todayIn } from './expiry.js';

export const DEFAULT_DO_NOT_SELL_WITHIN_DAYS = 30;

export function today(scope: TenantScope): string {
  return todayIn(scope.tenant.timezone);
}

export function doNotSellWithinDays(scope: TenantScope): number {
  return scope.tenant.settings.doNotSellWithinDays ?? DEFAULT_DO_NOT_SELL_WITHIN_DAYS;
}

/** 404 for a store that does not exist in this tenant (the access check has already run). */
export async function assertStoreExists(scope: TenantScope, storeId: string, field = 'storeId'): Promise<void> {
  const [row] = await scope.em.execute(`select 1 from ${ident(scope.tenant.schemaName)}.store where id = ?`, [storeId]);
  if (!row) throw Problem.validation([{ field, message: 'no such store' }]);
}

export interface ProductFacts {
  id: string;
  name: string;
  pack_size: number;
  status: string;
}

/** Loads the products named by request lines; unknown ones are field errors pointing at the line. */
export async function productsForLines(scope: TenantScope, productIds: string[], field = 'lines'): Promise<Map<string, ProductFacts>> {
  const unique = [...new Set(productIds)];
  const rows = unique.length
    ? await scope.em.execute<ProductFacts[]>(
        `select id, name, pack_size, status from ${ident(scope.tenant.schemaName)}.product where id in (${unique.map(() => '?').join(',')})`,
        unique,
      )
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const errors: FieldError[] = productIds.flatMap((id, i) =>
    byId.has(id) ? [] : [{ field: `${field}.${i}.productId`, message: 'no such product' }],
  );
  if (errors.length) throw Problem.validation(errors);
  return byId;
}
