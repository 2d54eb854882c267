import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import { FieldCipher } from '../crypto/field-cipher.js';
import { ident } from '../database/sql.js';
import type { TenantRef } from '../tenancy/tenant-ref.js';

export interface StoredPluginSetting {
  name: string;
  enabled: boolean;
  /** The whole configuration with secrets decrypted: only ever held in memory. */
  config: Record<string, unknown>;
  updatedAt: Date;
}

type Path = string[];

function pathsOf(secretFields: readonly string[]): Path[] {
  return secretFields.filter((f) => !f.includes('[]')).map((f) => f.split('.'));
}

function getAt(value: unknown, path: Path): unknown {
  return path.reduce<unknown>(
    (node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined),
    value,
  );
}

function setAt(target: Record<string, unknown>, path: Path, value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (!node[key] || typeof node[key] !== 'object') node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[path[path.length - 1]] = value;
}

function deleteAt(target: Record<string, unknown>, path: Path): void {
  const parent = getAt(target, path.slice(0, -1));
  if (parent && typeof parent === 'object') delete (parent as Record<string, unknown>)[path[path.length - 1]];
}

/**
 * Reads and writes a tenant's plugin settings. Secret fields (as the plugin marked them) are split out of the
 * configuration, sealed together with AES-256-GCM under the key from the environment, and never stored in the clear.
 * Secrets inside arrays are sealed with the whole array (the array is moved into the sealed part).
 */
@Injectable()
export class PluginSettingsStore {
  constructor(@Inject(FieldCipher) private readonly cipher: FieldCipher) {}

  private context(tenant: TenantRef, name: string): string {
    return `plugin:${tenant.id}:${name}`;
  }

  async all(em: EntityManager, tenant: TenantRef): Promise<Map<string, StoredPluginSetting>> {
    const rows = await em.execute<
      { name: string; enabled: boolean; config: Record<string, unknown>; sealed_secrets: string | null; updated_at: Date }[]
    >(`select name, enabled, config, sealed_secrets, updated_at from ${ident(tenant.schemaName)}.plugin_setting`);
    return new Map(
      rows.map((row) => {
        const config = structuredClone(row.config);
        if (row.sealed_secrets) {
          const secrets = JSON.parse(this.cipher.decrypt(row.sealed_secrets, this.context(tenant, row.name))) as Array<[Path, unknown]>;
          for (const [path, value] of secrets) setAt(config, path, value);
        }
        return [row.name, { name: row.name, enabled: row.enabled, config, updatedAt: new Date(row.updated_at) }];
      }),
    );
  }

  async save(
    em: EntityManager,
    tenant: TenantRef,
    name: string,
    enabled: boolean,
    config: Record<string, unknown>,
    secretFields: readonly string[],
    actorId?: string,
  ): Promise<void> {
    const open = structuredClone(config);
    const secrets: Array<[Path, unknown]> = [];
    const arrays = secretFields.filter((f) => f.includes('[]')).map((f) => f.slice(0, f.indexOf('[]')).split('.'));
    for (const path of [...pathsOf(secretFields), ...arrays]) {
      const value = getAt(open, path);
      if (value !== undefined) {
        secrets.push([path, value]);
        deleteAt(open, path);
      }
    }
    const sealed = secrets.length ? this.cipher.encrypt(JSON.stringify(secrets), this.context(tenant, name)) : null;
    await em.execute(
      `insert into ${ident(tenant.schemaName)}.plugin_setting (name, enabled, config, sealed_secrets, updated_by, updated_at)
       values (?, ?, ?::jsonb, ?, ?, now())
       on conflict (name) do update set enabled = excluded.enabled, config = excluded.config, sealed_secrets = excluded.sealed_secrets,
         updated_by = excluded.updated_by, updated_at = now()`,
      [name, enabled, JSON.stringify(open), sealed, actorId ?? null],
    );
  }
}
