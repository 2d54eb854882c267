import { ident } from '../../sql.js';
import type { Migration } from '../migration.js';

/**
 * A tenant's choices per plugin: enabled or not, its configuration without secrets, and the secret fields sealed
 * with AES-256-GCM (bound to the tenant and plugin, so a sealed value copied elsewhere does not decrypt).
 */
export const pluginSettings: Migration = {
  name: '0003-plugin-settings',
  up: (schema) => {
    const s = ident(schema);
    return [
      `create table ${s}.plugin_setting (
        name text primary key,
        enabled boolean not null,
        config jsonb not null default '{}',
        sealed_secrets text,
        updated_by uuid,
        updated_at timestamptz not null default now()
      )`,
    ];
  },
};
