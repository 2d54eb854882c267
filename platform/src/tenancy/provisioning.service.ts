import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { MikroORM, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ROLE_DESCRIPTIONS, ROLES } from '../access/roles.js';
import { AuditService } from '../audit/audit.service.js';
import { Problem } from '../common/problem.js';
import { systemScope, type AuditActor, type TenantScope } from '../common/tenant-scope.js';
import { latestVersion, migrateSchema } from '../database/migrations/migration-runner.js';
import { tenantMigrations } from '../database/migrations/index.js';
import { ident } from '../database/sql.js';
import { StoresService } from '../stores/stores.service.js';
import type { StoreInput } from '../stores/stores.schemas.js';
import { UsersService } from '../users/users.service.js';
import type { RoleName } from '../access/roles.js';
import { TenantEntity, type Tenant } from './tenant.entity.js';
import { toTenantRef } from './tenant-ref.js';
import { COUNTRY_DEFAULTS, type ProvisionTenantInput } from './tenancy.schemas.js';

/** Extra content a manifest can create together with the tenant (the demo tenants use it). */
export interface TenantSeed {
  stores?: StoreInput[];
  users?: Array<{ email: string; name: string; password: string; roles: RoleName[]; storeCodes: string[] }>;
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

function newSchemaName(): string {
  return `t_${[...randomBytes(12)].map((b) => BASE32[b & 31]).join('')}`;
}

/**
 * Creates a tenant: registry row → schema → migrations → built-in roles → owner (→ seed content). PostgreSQL DDL is
 * transactional, so all of it runs in one transaction: a failure at any step leaves no schema, no registry row and no
 * half-made tenant behind, and the tenant is never visible until it is complete.
 */
@Injectable()
export class ProvisioningService {
  constructor(
    private readonly orm: MikroORM,
    private readonly audit: AuditService,
    private readonly stores: StoresService,
    private readonly users: UsersService,
  ) {}

  async provision(input: ProvisionTenantInput, actor: AuditActor, seed: TenantSeed = {}): Promise<Tenant> {
    const defaults = COUNTRY_DEFAULTS[input.country];
    try {
      return await this.orm.em.fork().transactional(async (em) => {
        const tenant = em.create(TenantEntity, {
          id: randomUUID(),
          slug: input.slug,
          name: input.name,
          country: input.country,
          currency: input.currency ?? defaults.currency,
          timezone: input.timezone ?? defaults.timezone,
          status: 'active',
          schemaName: newSchemaName(),
          settings: input.settings ?? {},
          branding: input.branding ?? {},
          plan: 'standard',
        });
        await em.flush();
        await migrateSchema(em, tenant.schemaName, tenantMigrations);
        await em.execute(`insert into public.tenant_migration_state (tenant_id, version, status, attempts) values (?, ?, 'succeeded', 1)`, [
          tenant.id,
          latestVersion(tenantMigrations),
        ]);
        const scope: TenantScope = {
          ...systemScope(
            toTenantRef(tenant),
            em.fork({ schema: tenant.schemaName, keepTransactionContext: true, clear: false }),
            actor.label,
          ),
          auditActor: actor,
        };
        await this.seedRoles(em, tenant.schemaName);
        await this.users.create(scope, { ...input.owner, roles: ['owner'], storeIds: [] });
        await this.applySeed(scope, seed);
        await this.audit.record(scope, {
          action: 'tenant.provisioned',
          entityType: 'Tenant',
          entityId: tenant.id,
          after: { slug: tenant.slug, name: tenant.name, country: tenant.country },
        });
        return tenant;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException)
        throw Problem.conflict(`The slug "${input.slug}" is already taken.`, 'slug-taken');
      throw error;
    }
  }

  private async seedRoles(em: EntityManager, schema: string): Promise<void> {
    const values = ROLES.map(() => '(?, ?, true)').join(', ');
    await em.execute(
      `insert into ${ident(schema)}.role (name, description, builtin) values ${values}`,
      ROLES.flatMap((r) => [r, ROLE_DESCRIPTIONS[r]]),
    );
  }

  private async applySeed(scope: TenantScope, seed: TenantSeed): Promise<void> {
    const storeIds = new Map<string, string>();
    for (const store of seed.stores ?? []) {
      const created = await this.stores.create(scope, store);
      storeIds.set(store.code.toLowerCase(), created.id);
    }
    for (const user of seed.users ?? []) {
      const ids = user.storeCodes.map((code) => {
        const id = storeIds.get(code.toLowerCase());
        if (!id) throw Problem.validation([{ field: 'users.storeCodes', message: `unknown store code ${code} for ${user.email}` }]);
        return id;
      });
      await this.users.create(scope, { email: user.email, name: user.name, password: user.password, roles: user.roles, storeIds: ids });
    }
  }
}
