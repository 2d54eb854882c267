import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { provisionTenantInput, ROLES, type ProvisionTenantInput, type TenantSeed } from '@dawa/platform';
import { z } from 'zod';

/**
 * A tenant manifest declares a whole chain: identity, country, settings, branding, stores and staff. Provisioning
 * from a manifest is all-or-nothing; the first user holding the `owner` role becomes the tenant's owner.
 */
export const tenantManifest = provisionTenantInput.omit({ owner: true, catalogue: true }).extend({
  stores: z
    .array(z.strictObject({ code: z.string(), name: z.string(), address: z.string().default(''), region: z.string().default('') }))
    .default([]),
  users: z
    .array(
      z.strictObject({
        email: z.string(),
        name: z.string(),
        password: z.string(),
        roles: z.array(z.enum(ROLES)).min(1),
        storeCodes: z.array(z.string()).default([]),
      }),
    )
    .refine((users) => users.some((u) => u.roles.includes('owner')), 'must include at least one user with the owner role'),
  /** Plugins to enable and configure right after provisioning (secrets here are for demos and tests only). */
  plugins: z.record(z.string(), z.strictObject({ enabled: z.boolean(), config: z.record(z.string(), z.unknown()).optional() })).default({}),
  /** Demo content `npm start` loads into an empty chain: catalogue files (relative to tenants/) and opening stock. */
  demo: z.strictObject({ catalogues: z.array(z.string()).default([]), openingStock: z.boolean().default(false) }).optional(),
});

export type TenantManifest = z.infer<typeof tenantManifest>;

export const manifestsDir = join(dirname(dirname(dirname(fileURLToPath(import.meta.url)))), 'manifests');
export const DEMO_TENANTS = ['sanjeevani', 'afya'] as const;

export function loadManifest(path: string): TenantManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new Error(`Cannot read manifest ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = tenantManifest.safeParse(raw);
  if (!parsed.success) {
    throw new Error(`Manifest ${path} is invalid:\n${parsed.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  }
  return parsed.data;
}

export function demoManifest(slug: (typeof DEMO_TENANTS)[number]): TenantManifest {
  return loadManifest(join(manifestsDir, `${slug}.json`));
}

/** Splits a manifest into what provisioning creates first (tenant and owner) and what it seeds in the same step. */
export function toProvisioning(manifest: TenantManifest): { input: ProvisionTenantInput; seed: TenantSeed } {
  const { stores, users, plugins: _plugins, demo: _demo, ...tenant } = manifest;
  const ownerIndex = users.findIndex((u) => u.roles.includes('owner'));
  const owner = users[ownerIndex];
  return {
    input: provisionTenantInput.parse({ ...tenant, owner: { email: owner.email, name: owner.name, password: owner.password } }),
    seed: {
      stores,
      users: users.filter((_, i) => i !== ownerIndex),
    },
  };
}
