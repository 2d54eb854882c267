import { MikroORM } from '@mikro-orm/postgresql';
import { AuditLogEntity } from '../audit/audit-log.entity.js';
import { ImportJobEntity } from '../catalog/import/import-job.entity.js';
import { ProductEntity } from '../catalog/product.entity.js';
import { StockBatchEntity } from '../inventory/stock-batch.entity.js';
import { StockMovementEntity } from '../inventory/stock-movement.entity.js';
import { StockTransferEntity } from '../inventory/stock-transfer.entity.js';
import { StoreEntity } from '../stores/store.entity.js';
import { TenantEntity } from '../tenancy/tenant.entity.js';
import { RoleEntity } from '../users/role.entity.js';
import { UserEntity } from '../users/user.entity.js';

export const entities = [
  TenantEntity,
  StoreEntity,
  RoleEntity,
  UserEntity,
  AuditLogEntity,
  ProductEntity,
  StockBatchEntity,
  StockMovementEntity,
  StockTransferEntity,
  ImportJobEntity,
];

/**
 * One ORM and one connection pool for all tenants: tenant entities use the wildcard schema and each request works in
 * `em.fork({ schema })`, so the pool's size and the process's memory do not grow with the number of tenants.
 */
export async function createOrm(databaseUrl: string, poolMax: number): Promise<MikroORM> {
  return MikroORM.init({
    clientUrl: databaseUrl,
    entities,
    pool: { min: 0, max: poolMax },
    debug: false,
    allowGlobalContext: false,
    ensureDatabase: false,
    discovery: { warnWhenNoEntities: false },
  });
}
