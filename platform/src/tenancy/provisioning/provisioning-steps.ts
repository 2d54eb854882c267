import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import type { ProvisioningActivityName } from '@dawa/workflows';
import { ROLE_DESCRIPTIONS, ROLES } from '../../access/roles.js';
import { AuditService } from '../../audit/audit.service.js';
import { CatalogueLoader } from '../../catalog/import/catalogue-loader.js';
import { Problem } from '../../common/problem.js';
import type { TenantScope } from '../../common/tenant-scope.js';
import { latestVersion, migrateSchema } from '../../database/migrations/migration-runner.js';
import { tenantMigrations } from '../../database/migrations/index.js';
import { ident } from '../../database/sql.js';
import { PluginHostService } from '../../plugins/plugin-host.service.js';
import { ReorderScheduleService } from '../../purchasing/reorder/reorder-schedule.service.js';
import { StoresService } from '../../stores/stores.service.js';
import { UsersService } from '../../users/users.service.js';
import type { TenantActivity } from '../../workflows-runtime/tenant-activities.js';
import { ProvisioningRequests, type ProvisioningRequest } from './provisioning-request.store.js';

/**
 * The provisioning workflow's activities. Each step is idempotent — it checks what already exists and does only the
 * rest — because Temporal runs a step again after a failure or after its worker died, possibly after the step had
 * already committed.
 */
@Injectable()
export class ProvisioningSteps {
  constructor(
    private readonly orm: MikroORM,
    private readonly audit: AuditService,
    private readonly stores: StoresService,
    private readonly users: UsersService,
    private readonly plugins: PluginHostService,
    private readonly requests: ProvisioningRequests,
    private readonly catalogue: CatalogueLoader,
    private readonly reorderSchedule: ReorderScheduleService,
  ) {}

  activities(): Record<ProvisioningActivityName, TenantActivity> {
    return {
      provisionSchema: (scope) => this.createSchema(scope),
      provisionMigrations: (scope) => this.migrate(scope),
      provisionRoles: (scope) => this.seedRoles(scope),
      provisionOwner: (scope) => this.createOwner(scope),
      provisionStores: (scope) => this.createStores(scope),
      provisionUsers: (scope) => this.createUsers(scope),
      provisionPlugins: (scope) => this.configurePlugins(scope),
      provisionCatalogue: (scope) => this.importCatalogue(scope),
      provisionSchedules: (scope) => this.createSchedules(scope),
      provisionActivate: (scope) => this.activate(scope),
    };
  }

  private async createSchema(scope: TenantScope): Promise<void> {
    await this.orm.em.fork().execute(`create schema if not exists ${ident(scope.tenant.schemaName)}`);
  }

  private async migrate(scope: TenantScope): Promise<void> {
    await this.orm.em.fork().transactional(async (em) => {
      await migrateSchema(em, scope.tenant.schemaName, tenantMigrations);
      await em.execute(
        `insert into public.tenant_migration_state (tenant_id, version, status, attempts) values (?, ?, 'succeeded', 1)
         on conflict (tenant_id) do update set version = excluded.version, status = 'succeeded', error = null, updated_at = now()`,
        [scope.tenant.id, latestVersion(tenantMigrations)],
      );
    });
  }

  private async seedRoles(scope: TenantScope): Promise<void> {
    const values = ROLES.map(() => '(?, ?, true)').join(', ');
    await scope.em.execute(
      `insert into ${ident(scope.tenant.schemaName)}.role (name, description, builtin) values ${values} on conflict (name) do nothing`,
      ROLES.flatMap((r) => [r, ROLE_DESCRIPTIONS[r]]),
    );
  }

  private async createOwner(scope: TenantScope): Promise<void> {
    const request = await this.request(scope);
    if (await this.userExists(scope, request.owner.email)) return;
    await this.users.create(this.asRequester(scope, request), { ...request.owner, roles: ['owner'], storeIds: [] });
  }

  private async createStores(scope: TenantScope): Promise<void> {
    const request = await this.request(scope);
    const existing = new Set((await this.storeIds(scope)).keys());
    for (const store of request.stores) {
      if (!existing.has(store.code.toLowerCase())) await this.stores.create(this.asRequester(scope, request), store);
    }
  }

  private async createUsers(scope: TenantScope): Promise<void> {
    const request = await this.request(scope);
    const storeIds = await this.storeIds(scope);
    for (const user of request.users) {
      if (await this.userExists(scope, user.email)) continue;
      const ids = user.storeCodes.map((code) => {
        const id = storeIds.get(code.toLowerCase());
        if (!id) throw Problem.validation([{ field: 'users.storeCodes', message: `unknown store code ${code} for ${user.email}` }]);
        return id;
      });
      const { storeCodes: _codes, ...input } = user;
      await this.users.create(this.asRequester(scope, request), { ...input, storeIds: ids });
    }
  }

  /** Plugin settings are upserts: configuring the same plugin again leaves one setting with the same values. */
  private async configurePlugins(scope: TenantScope): Promise<void> {
    const request = await this.request(scope);
    for (const [name, setting] of Object.entries(request.plugins)) {
      await this.plugins.configure(this.asRequester(scope, request), name, setting);
    }
  }

  /**
   * The request's catalogue files, if it has any. Products are found again by their import key, so a step that is
   * retried after it had saved some of them updates those instead of adding them twice.
   */
  private async importCatalogue(scope: TenantScope): Promise<void> {
    const request = await this.request(scope);
    const files = await this.requests.loadCatalogue(scope.em, scope.tenant.id);
    if (files.length) await this.catalogue.load(this.asRequester(scope, request), files);
  }

  /** The nightly reorder run, on by default; creating it again leaves the one schedule as it is. */
  private async createSchedules(scope: TenantScope): Promise<void> {
    const request = await this.request(scope);
    await this.reorderSchedule.enableByDefault(this.asRequester(scope, request));
  }

  /** Opens the tenant for business, records it once, and drops the sealed request with its passwords and secrets. */
  private async activate(scope: TenantScope): Promise<void> {
    await this.orm.em.fork().transactional(async (em) => {
      const request = await this.requests.load(em, scope.tenant.id);
      const opened = await em.execute<{ id: string }[]>(
        `update public.tenant set status = 'active', updated_at = now() where id = ? and status = 'provisioning' returning id`,
        [scope.tenant.id],
      );
      if (opened.length) {
        const tenantEm = em.fork({ schema: scope.tenant.schemaName, keepTransactionContext: true, clear: false });
        await this.audit.record(
          { ...scope, em: tenantEm, auditActor: request?.actor ?? scope.auditActor },
          {
            action: 'tenant.provisioned',
            entityType: 'Tenant',
            entityId: scope.tenant.id,
            after: { slug: scope.tenant.slug, name: scope.tenant.name, country: scope.tenant.country },
          },
        );
      }
      await this.requests.remove(em, scope.tenant.id);
    });
  }

  private async request(scope: TenantScope): Promise<ProvisioningRequest> {
    const request = await this.requests.load(scope.em, scope.tenant.id);
    if (!request) throw Problem.conflict('This tenant has no pending provisioning request.', 'provisioning-request-missing');
    return request;
  }

  private asRequester(scope: TenantScope, request: ProvisioningRequest): TenantScope {
    return { ...scope, auditActor: request.actor };
  }

  private async userExists(scope: TenantScope, email: string): Promise<boolean> {
    const rows = await scope.em.execute(`select 1 from ${ident(scope.tenant.schemaName)}.app_user where lower(email) = lower(?)`, [email]);
    return rows.length > 0;
  }

  /** The tenant's stores by lower-cased code. */
  private async storeIds(scope: TenantScope): Promise<Map<string, string>> {
    const rows = await scope.em.execute<{ id: string; code: string }[]>(`select id, code from ${ident(scope.tenant.schemaName)}.store`);
    return new Map(rows.map((r) => [r.code.toLowerCase(), r.id]));
  }
}
