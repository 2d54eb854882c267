/** Which roles see which screens. The API enforces the same rules; this only keeps menus honest. */
export const SCREEN_ROLES = {
  pos: ['owner', 'admin', 'store_manager', 'pharmacist', 'cashier'],
  products: ['owner', 'admin', 'store_manager', 'pharmacist', 'cashier', 'auditor'],
  stock: ['owner', 'admin', 'store_manager', 'pharmacist', 'cashier', 'auditor'],
  sales: ['owner', 'admin', 'store_manager', 'pharmacist', 'cashier', 'auditor'],
  returns: ['owner', 'admin', 'store_manager', 'pharmacist', 'cashier', 'auditor'],
  'stock/movements': ['owner', 'admin', 'store_manager', 'pharmacist', 'auditor'],
  reports: ['owner', 'admin', 'store_manager', 'auditor'],
  'stock/transfers': ['owner', 'admin', 'store_manager', 'pharmacist', 'auditor'],
  'cash-sessions': ['owner', 'admin', 'store_manager', 'pharmacist', 'cashier', 'auditor'],
  'purchase-orders': ['owner', 'admin', 'store_manager', 'pharmacist', 'auditor'],
  suppliers: ['owner', 'admin', 'store_manager', 'pharmacist', 'auditor'],
  'supplier-returns': ['owner', 'admin', 'store_manager', 'pharmacist', 'auditor'],
  // Suppliers are the chain's master data; store staff who buy only read them.
  'suppliers/edit': ['owner', 'admin'],
  'purchase-orders/edit': ['owner', 'admin', 'store_manager', 'pharmacist'],
  // Approving orders and mismatched invoices, recording invoices and settling credit notes: managers, not pharmacists.
  'purchase-orders/approve': ['owner', 'admin', 'store_manager'],
  'supplier-returns/create': ['owner', 'admin', 'store_manager', 'pharmacist'],
  'supplier-returns/settle': ['owner', 'admin', 'store_manager'],
  'products/import': ['owner', 'admin'],
  users: ['owner', 'admin'],
  stores: ['owner', 'admin'],
  plugins: ['owner', 'admin'],
  'audit-logs': ['owner', 'admin', 'auditor'],
  branding: ['owner'],
} as const satisfies Record<string, readonly string[]>;

export type Screen = keyof typeof SCREEN_ROLES;

export function canOpen(screen: Screen, roles: readonly string[] | undefined): boolean {
  return Boolean(roles?.some((r) => (SCREEN_ROLES[screen] as readonly string[]).includes(r)));
}

export const ROLE_LABELS: Record<string, string> = {
  owner: 'owner',
  admin: 'administrator',
  store_manager: 'store manager',
  pharmacist: 'pharmacist',
  cashier: 'cashier',
  auditor: 'auditor',
};
