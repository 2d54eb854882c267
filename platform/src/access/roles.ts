/** The built-in roles every tenant gets at provisioning. */
export const ROLES = ['owner', 'admin', 'store_manager', 'pharmacist', 'cashier', 'auditor'] as const;
export type RoleName = (typeof ROLES)[number];

export const ROLE_DESCRIPTIONS: Record<RoleName, string> = {
  owner: 'Owns the chain account: everything, including other owners and tenant settings',
  admin: 'Runs the back office for every store: users, stores, catalogue, settings',
  store_manager: 'Runs the stores assigned to them: staff, stock, purchasing, reports',
  pharmacist: 'Dispenses and reviews prescriptions in the stores assigned to them',
  cashier: 'Sells at the counter of the stores assigned to them',
  auditor: 'Reads everything, changes nothing',
};

/** Roles whose holders act across every store of the tenant; everyone else acts only in their assigned stores. */
export const TENANT_WIDE_ROLES: readonly RoleName[] = ['owner', 'admin', 'auditor'];

export function isRoleName(value: string): value is RoleName {
  return (ROLES as readonly string[]).includes(value);
}
