import { Injectable } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { MikroORM, UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import {
  PROVISIONING_STEPS,
  provisioningProgressQuery,
  retryProvisioningSignal,
  type ProvisioningProgress,
  type ProvisioningStep,
  type ProvisionTenantWorkflowInput,
} from '@dawa/workflows';
import type { RoleName } from '../../access/roles.js';
import { CatalogueLoader } from '../../catalog/import/catalogue-loader.js';
import { Problem } from '../../common/problem.js';
import { systemScope, type AuditActor, type TenantScope } from '../../common/tenant-scope.js';
import type { PluginSettingInput } from '../../plugins/plugins.schemas.js';
import type { StoreInput } from '../../stores/stores.schemas.js';
import { TenantWorkflows } from '../../workflows-runtime/tenant-workflows.service.js';
import { TenantEntity, type Tenant } from '../tenant.entity.js';
import { TenantRegistry } from '../tenant-registry.service.js';
import { COUNTRY_DEFAULTS, type ProvisionTenantInput, type RetryProvisioningInput } from '../tenancy.schemas.js';
import { ProvisioningRequests } from './provisioning-request.store.js';

/** Extra content a manifest can create together with the tenant (the demo tenants use it). */
export interface TenantSeed {
  stores?: StoreInput[];
  users?: Array<{ email: string; name: string; password: string; roles: RoleName[]; storeCodes: string[] }>;
  plugins?: Record<string, PluginSettingInput>;
}

/** Provisioning as the operator console shows it. */
export interface ProvisioningStatus {
  tenantId: string;
  workflowId: string;
  status: ProvisioningProgress['status'];
  steps: Array<{
    name: ProvisioningStep;
    state: ProvisioningProgress['steps'][number]['state'];
    /** Why the step failed (state `failed`), or why its last attempt failed while Temporal retries it. */
    error?: string;
    /** The running step's attempt number, from 1. */
    attempt?: number;
  }>;
}

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
const WORKFLOW_KEY = 'tenant';
const WORKFLOW_TYPE = 'provisionTenant';

function newSchemaName(): string {
  return `t_${[...randomBytes(12)].map((b) => BASE32[b & 31]).join('')}`;
}

/**
 * Creates tenants. The registry row (status `provisioning`, so no one can log in yet) and the sealed request are
 * written synchronously — a taken slug or a bad seed is refused before anything starts — and the rest (schema,
 * migrations, roles, owner, seed stores and users, plugins, activation) is the `provisionTenant` workflow, step by
 * step, each step retried and resumable.
 */
@Injectable()
export class ProvisioningService {
  constructor(
    private readonly orm: MikroORM,
    private readonly registry: TenantRegistry,
    private readonly requests: ProvisioningRequests,
    private readonly workflows: TenantWorkflows,
    private readonly catalogue: CatalogueLoader,
  ) {}

  /** Registers the tenant and starts its provisioning; returns at once with the tenant in status `provisioning`. */
  async start(input: ProvisionTenantInput, actor: AuditActor, seed: TenantSeed = {}): Promise<Tenant> {
    assertSeedConsistent(seed);
    const { catalogue = [], ...tenantInput } = input;
    for (const [position, file] of catalogue.entries()) await this.catalogue.checkHeader(file, position);
    const defaults = COUNTRY_DEFAULTS[input.country];
    let tenant: Tenant;
    try {
      tenant = await this.orm.em.fork().transactional(async (em) => {
        const created = em.create(TenantEntity, {
          id: randomUUID(),
          slug: tenantInput.slug,
          name: tenantInput.name,
          country: tenantInput.country,
          currency: tenantInput.currency ?? defaults.currency,
          timezone: tenantInput.timezone ?? defaults.timezone,
          status: 'provisioning',
          schemaName: newSchemaName(),
          settings: tenantInput.settings ?? {},
          branding: tenantInput.branding ?? {},
          plan: 'standard',
        });
        await em.flush();
        await this.requests.save(em, created.id, {
          actor,
          owner: tenantInput.owner,
          stores: seed.stores ?? [],
          users: seed.users ?? [],
          plugins: seed.plugins ?? {},
        });
        await this.requests.saveCatalogue(em, created.id, catalogue);
        return created;
      });
    } catch (error) {
      if (error instanceof UniqueConstraintViolationException)
        throw Problem.conflict(`The slug "${input.slug}" is already taken.`, 'slug-taken');
      throw error;
    }
    await this.launch(tenant.id, (scope) =>
      this.workflows.start(scope, 'provisioning', WORKFLOW_KEY, WORKFLOW_TYPE, [
        { tenantId: tenant.id } satisfies ProvisionTenantWorkflowInput,
      ]),
    );
    return tenant;
  }

  /**
   * Resumes a failed provisioning at the step that failed (starting the workflow again if it was never started),
   * with corrected plugin settings or catalogue files when given.
   */
  async retry(tenantId: string, actor: AuditActor, changes: RetryProvisioningInput = {}): Promise<ProvisioningStatus> {
    const scope = await this.scopeOf(tenantId);
    if (scope.tenant.status !== 'provisioning') throw Problem.conflict('This tenant is already provisioned.', 'tenant-provisioned');
    const { plugins, catalogue } = changes;
    for (const [position, file] of (catalogue ?? []).entries()) await this.catalogue.checkHeader(file, position);
    if (plugins || catalogue) {
      await this.orm.em.fork().transactional(async (em) => {
        const request = await this.requests.load(em, tenantId);
        if (!request) throw Problem.conflict('Provisioning is past the point where settings can change.', 'provisioning-request-missing');
        // The remaining steps' audit entries name whoever supplied the settings they apply.
        await this.requests.replace(em, tenantId, { ...request, actor, plugins: { ...request.plugins, ...plugins } });
        if (catalogue) await this.requests.saveCatalogue(em, tenantId, catalogue);
      });
    }
    await this.launch(tenantId, (s) =>
      this.workflows.signalWithStart(
        s,
        'provisioning',
        WORKFLOW_KEY,
        WORKFLOW_TYPE,
        [{ tenantId } satisfies ProvisionTenantWorkflowInput],
        retryProvisioningSignal,
      ),
    );
    return this.progress(tenantId);
  }

  async progress(tenantId: string): Promise<ProvisioningStatus> {
    const scope = await this.scopeOf(tenantId);
    const workflowId = this.workflows.workflowId(scope, 'provisioning', WORKFLOW_KEY);
    // A provisioned tenant needs no workflow to say so (its history may be gone after the namespace's retention).
    if (scope.tenant.status !== 'provisioning') {
      return { tenantId, workflowId, status: 'completed', steps: PROVISIONING_STEPS.map((name) => ({ name, state: 'done' })) };
    }
    let progress: ProvisioningProgress;
    try {
      progress = await this.workflows.query(scope, workflowId, provisioningProgressQuery);
    } catch (error) {
      if (!(error instanceof Problem && error.status === 404)) throw error;
      // Registered but its workflow never started (Temporal was down): a retry starts it.
      return {
        tenantId,
        workflowId,
        status: 'failed',
        steps: PROVISIONING_STEPS.map((name, i) => ({
          name,
          state: i === 0 ? 'failed' : 'pending',
          ...(i === 0 ? { error: 'Provisioning has not started. Retry it.' } : {}),
        })),
      };
    }
    const steps: ProvisioningStatus['steps'] = progress.steps.map((step) => ({ ...step }));
    const running = steps.find((step) => step.state === 'running');
    if (running) {
      const pending = (await this.workflows.describe(scope, workflowId)).raw.pendingActivities?.[0];
      if (pending?.attempt) running.attempt = pending.attempt;
      if (pending?.lastFailure?.message) running.error = pending.lastFailure.message;
    }
    return { tenantId, workflowId, status: progress.status, steps };
  }

  /**
   * Resolves when the tenant's provisioning has completed; throws when a step has failed. Progress is a workflow query,
   * which a worker busy with a step (a large catalogue import) may answer late: a few unanswered polls are waited out.
   */
  async waitUntilProvisioned(tenantId: string, pollMs = 100, patienceMs = 120_000): Promise<void> {
    let unansweredSince: number | undefined;
    for (;;) {
      let progress: ProvisioningStatus;
      try {
        progress = await this.progress(tenantId);
        unansweredSince = undefined;
      } catch (error) {
        if (!(error instanceof Problem && error.status === 503)) throw error;
        unansweredSince ??= Date.now();
        if (Date.now() - unansweredSince > patienceMs) throw error;
        await sleep(pollMs);
        continue;
      }
      if (progress.status === 'completed') return;
      if (progress.status === 'failed') {
        const failed = progress.steps.find((step) => step.state === 'failed');
        throw new Error(`Provisioning failed at step "${failed?.name}": ${failed?.error}`);
      }
      await sleep(pollMs);
    }
  }

  /** start() and waitUntilProvisioned(): for the CLI, `npm start` and tests that need the tenant ready. */
  async provision(input: ProvisionTenantInput, actor: AuditActor, seed: TenantSeed = {}): Promise<Tenant> {
    const tenant = await this.start(input, actor, seed);
    await this.waitUntilProvisioned(tenant.id);
    return (await this.orm.em.fork().findOne(TenantEntity, { id: tenant.id }))!;
  }

  private async scopeOf(tenantId: string): Promise<TenantScope> {
    const tenant = await this.registry.byId(tenantId);
    if (!tenant) throw Problem.notFound('Tenant');
    return systemScope(tenant, this.orm.em.fork({ schema: tenant.schemaName }), 'provisioning');
  }

  private async launch(tenantId: string, start: (scope: TenantScope) => Promise<unknown>): Promise<void> {
    const scope = await this.scopeOf(tenantId);
    try {
      await start(scope);
    } catch (error) {
      if (error instanceof Problem && error.status === 503) {
        throw new Problem(
          503,
          'workflows-unavailable',
          'Workflows unavailable',
          'The tenant is registered, but its provisioning cannot start right now (Temporal is not reachable). Retry it shortly.',
        );
      }
      throw error;
    }
  }
}

/** Seed users may only name seed stores: refused up front, before the tenant is registered. */
function assertSeedConsistent(seed: TenantSeed): void {
  const codes = new Set((seed.stores ?? []).map((store) => store.code.toLowerCase()));
  const errors = (seed.users ?? []).flatMap((user) =>
    user.storeCodes
      .filter((code) => !codes.has(code.toLowerCase()))
      .map((code) => ({ field: 'users.storeCodes', message: `unknown store code ${code} for ${user.email}` })),
  );
  if (errors.length) throw Problem.validation(errors);
}
