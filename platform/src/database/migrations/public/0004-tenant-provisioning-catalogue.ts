import { ident } from '../../sql.js';
import type { Migration } from '../migration.js';

/**
 * The catalogue files a provisioning request brings (the same CSV or TSV the product import takes), kept out of the
 * workflow's history because they are large. One row per file, in the order they are imported; deleted with the
 * request when provisioning completes.
 */
export const tenantProvisioningCatalogue: Migration = {
  name: '0004-tenant-provisioning-catalogue',
  up: (schema) => {
    const s = ident(schema);
    return [
      `create table ${s}.tenant_provisioning_catalogue (
        tenant_id uuid not null references ${s}.tenant (id) on delete cascade,
        position integer not null,
        content_type text not null,
        content text not null,
        primary key (tenant_id, position)
      )`,
    ];
  },
};
