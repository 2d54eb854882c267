import { Injectable } from '@nestjs/common';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { RoleName } from '../../access/roles.js';
import type { AuditActor } from '../../common/tenant-scope.js';
import type { CatalogueFile } from '../../catalog/import/catalogue-loader.js';
import { FieldCipher } from '../../crypto/field-cipher.js';
import type { PluginSettingInput } from '../../plugins/plugins.schemas.js';
import type { StoreInput } from '../../stores/stores.schemas.js';

/** Everything provisioning creates inside the tenant besides the registry row. */
export interface ProvisioningRequest {
  /** Who asked: named in the audit entries provisioning writes. */
  actor: AuditActor;
  owner: { email: string; name: string; password: string };
  stores: StoreInput[];
  users: Array<{ email: string; name: string; password: string; roles: RoleName[]; storeCodes: string[] }>;
  plugins: Record<string, PluginSettingInput>;
}

/**
 * Keeps a provisioning request sealed (it holds passwords and plugin secrets) in `public.tenant_provisioning_request`
 * until the workflow's last step deletes it. The tenant id is the cipher's context, so a sealed request copied to
 * another tenant's row does not open.
 */
@Injectable()
export class ProvisioningRequests {
  constructor(private readonly cipher: FieldCipher) {}

  async save(em: EntityManager, tenantId: string, request: ProvisioningRequest): Promise<void> {
    await em.execute('insert into public.tenant_provisioning_request (tenant_id, sealed) values (?, ?)', [
      tenantId,
      this.cipher.encrypt(JSON.stringify(request), tenantId),
    ]);
  }

  async replace(em: EntityManager, tenantId: string, request: ProvisioningRequest): Promise<void> {
    await em.execute('update public.tenant_provisioning_request set sealed = ? where tenant_id = ?', [
      this.cipher.encrypt(JSON.stringify(request), tenantId),
      tenantId,
    ]);
  }

  /** The request, or undefined once provisioning has completed and removed it. */
  async load(em: EntityManager, tenantId: string): Promise<ProvisioningRequest | undefined> {
    const [row] = await em.execute<{ sealed: string }[]>('select sealed from public.tenant_provisioning_request where tenant_id = ?', [
      tenantId,
    ]);
    return row ? JSON.parse(this.cipher.decrypt(row.sealed, tenantId)) : undefined;
  }

  async remove(em: EntityManager, tenantId: string): Promise<void> {
    await em.execute('delete from public.tenant_provisioning_request where tenant_id = ?', [tenantId]);
    await em.execute('delete from public.tenant_provisioning_catalogue where tenant_id = ?', [tenantId]);
  }

  /**
   * Keeps the request's catalogue files (replacing any kept before), in their own table: they are neither secret nor
   * small, so they are not sealed with the request and never enter workflow history.
   */
  async saveCatalogue(em: EntityManager, tenantId: string, files: CatalogueFile[]): Promise<void> {
    await em.execute('delete from public.tenant_provisioning_catalogue where tenant_id = ?', [tenantId]);
    for (const [position, file] of files.entries()) {
      await em.execute(
        'insert into public.tenant_provisioning_catalogue (tenant_id, position, content_type, content) values (?, ?, ?, ?)',
        [tenantId, position, file.contentType, file.content],
      );
    }
  }

  async loadCatalogue(em: EntityManager, tenantId: string): Promise<CatalogueFile[]> {
    return em.execute<CatalogueFile[]>(
      'select content_type as "contentType", content from public.tenant_provisioning_catalogue where tenant_id = ? order by position',
      [tenantId],
    );
  }
}
