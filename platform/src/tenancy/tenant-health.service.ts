import { Injectable } from '@nestjs/common';
import { MikroORM } from '@mikro-orm/postgresql';
import { Problem } from '../common/problem.js';
import { systemScope } from '../common/tenant-scope.js';
import { tenantMigrations } from '../database/migrations/index.js';
import { ident } from '../database/sql.js';
import { PluginHostService } from '../plugins/plugin-host.service.js';
import { TenantEntity } from './tenant.entity.js';
import { toTenantRef } from './tenant-ref.js';

/**
 * What an operator checks about one chain: is its schema on the current migrations, which plugins run for it, and
 * does it have stores and staff. Plugins are shown by name and state only: never their configuration.
 */
@Injectable()
export class TenantHealthService {
  constructor(
    private readonly orm: MikroORM,
    private readonly plugins: PluginHostService,
  ) {}

  async health(tenantId: string) {
    const em = this.orm.em.fork();
    const tenant = await em.findOne(TenantEntity, { id: tenantId });
    if (!tenant) throw Problem.notFound('Tenant');
    const [state] = await em.execute<{ status: string; error: string | null; updated_at: Date }[]>(
      'select status, error, updated_at from public.tenant_migration_state where tenant_id = ?',
      [tenantId],
    );
    const expected = tenantMigrations.map((m) => m.name);
    let applied: string[] = [];
    let counts = { stores: 0, users: 0 };
    if (tenant.status !== 'provisioning') {
      const s = ident(tenant.schemaName);
      applied = (await em.execute<{ name: string }[]>(`select name from ${s}.schema_migration`)).map((r) => r.name);
      const [row] = await em.execute<{ stores: number; users: number }[]>(
        `select (select count(*) from ${s}.store)::int as stores, (select count(*) from ${s}.app_user where status = 'active')::int as users`,
      );
      counts = row;
    }
    const pending = expected.filter((name) => !applied.includes(name));
    const plugins = tenant.status === 'provisioning' ? [] : await this.plugins.list(systemScope(toTenantRef(tenant), em));
    return {
      tenantId,
      status: tenant.status,
      migrations: {
        current: pending.length === 0,
        applied: applied.length,
        pending,
        lastRun: state ? { status: state.status, error: state.error, at: state.updated_at } : null,
      },
      ...counts,
      plugins: plugins.map((p) => ({
        name: p.name,
        status: p.status,
        enabled: p.enabled,
        configured: p.configured,
        provides: p.provides,
        reason: p.reason,
      })),
    };
  }
}
