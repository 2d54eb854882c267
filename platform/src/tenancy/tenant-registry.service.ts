import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { TenantEntity } from './tenant.entity.js';
import { toTenantRef, type TenantRef } from './tenant-ref.js';

/** Looks tenants up in the public registry. One indexed query per call: nothing here grows with the tenant count. */
@Injectable()
export class TenantRegistry {
  constructor(private readonly orm: MikroORM) {}

  async bySlug(slug: string): Promise<TenantRef | undefined> {
    const tenant = await this.orm.em.fork().findOne(TenantEntity, { slug });
    return tenant ? toTenantRef(tenant) : undefined;
  }

  async byId(id: string): Promise<TenantRef | undefined> {
    const tenant = await this.orm.em.fork().findOne(TenantEntity, { id });
    return tenant ? toTenantRef(tenant) : undefined;
  }

  async byDomain(domain: string): Promise<TenantRef | undefined> {
    const [row] = await this.orm.em
      .fork()
      .execute<{ tenant_id: string }[]>('select tenant_id from public.tenant_domain where domain = ?', [domain]);
    return row ? this.byId(row.tenant_id) : undefined;
  }
}
