import { Injectable } from '@nestjs/common';
import { LockMode, MikroORM } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { AuditService } from '../audit/audit.service.js';
import { withEm, type TenantScope } from '../common/tenant-scope.js';
import type { tenantBranding } from './tenancy.schemas.js';
import { TenantEntity } from './tenant.entity.js';
import type { TenantRef } from './tenant-ref.js';

type Branding = z.infer<typeof tenantBranding>;

/** The fields anyone may see; whatever else lands in the branding column later stays private until listed here. */
function publicView(name: string, branding: Record<string, unknown>) {
  const pick = (key: keyof Branding) => (typeof branding[key] === 'string' ? (branding[key] as string) : null);
  return { name, primaryColor: pick('primaryColor'), accentColor: pick('accentColor'), logoUrl: pick('logoUrl') };
}

/** How a chain's back office looks: read by its sign-in page, changed by its owner. */
@Injectable()
export class TenantBrandingService {
  constructor(
    private readonly orm: MikroORM,
    private readonly audit: AuditService,
  ) {}

  async publicBranding(tenant: TenantRef) {
    const row = await this.orm.em.fork().findOneOrFail(TenantEntity, { id: tenant.id });
    return publicView(row.name, row.branding ?? {});
  }

  /** PUT replaces the whole branding: a field left out (the logo, say) goes back to the console's default. */
  async update(scope: TenantScope, input: Branding) {
    return scope.em.transactional(async (em) => {
      const tenant = await em.findOneOrFail(TenantEntity, { id: scope.tenant.id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      const before = { ...(tenant.branding ?? {}) };
      tenant.branding = { ...input };
      await em.flush();
      await this.audit.record(withEm(scope, em), {
        action: 'tenant.branding_updated',
        entityType: 'TenantSettings',
        entityId: tenant.id,
        before,
        after: { ...tenant.branding },
      });
      return publicView(tenant.name, tenant.branding);
    });
  }
}
