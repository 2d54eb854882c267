import { ident } from '../../sql.js';
import type { Migration } from '../migration.js';

/**
 * What a provisioning workflow needs besides the tenant's registry row: the owner, seed stores and users, plugin
 * settings. It holds passwords and API keys, so it is sealed with the field cipher and lives here rather than in the
 * workflow's input (workflow history is readable in the Temporal UI); the row is deleted when provisioning completes.
 */
export const tenantProvisioningRequest: Migration = {
  name: '0003-tenant-provisioning-request',
  up: (schema) => {
    const s = ident(schema);
    return [
      `create table ${s}.tenant_provisioning_request (
        tenant_id uuid primary key references ${s}.tenant (id) on delete cascade,
        sealed text not null,
        created_at timestamptz not null default now()
      )`,
    ];
  },
};
