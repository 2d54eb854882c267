import type { AbilityRules } from '../access/ability.js';
import type { Actor } from '../access/actor.js';

/** Tenant-wide settings (security switches, branding) belong to the owner; admins and auditors may read them. */
export function tenantSettingsPolicy({ can }: AbilityRules, actor: Actor): void {
  if (actor.roles.includes('owner')) can('manage', 'TenantSettings');
  if (actor.roles.some((r) => r === 'admin' || r === 'auditor')) can('read', 'TenantSettings');
}
