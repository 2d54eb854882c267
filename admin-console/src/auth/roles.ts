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
  'stock-alerts': ['owner', 'admin', 'store_manager', 'pharmacist', 'cashier', 'auditor'],
  'stock-adjustment': ['owner', 'admin', 'store_manager', 'pharmacist'],
  'transfer-send': ['owner', 'admin', 'store_manager'],
  'transfer-receive': ['owner', 'admin', 'store_manager', 'pharmacist'],
  'cash-drawer': ['owner', 'admin', 'store_manager', 'pharmacist', 'cashier'],
  'purchase-orders': ['owner', 'admin', 'store_manager', 'pharmacist', 'auditor'],
  suppliers: ['owner', 'admin', 'store_manager', 'pharmacist', 'auditor'],
  'supplier-returns': ['owner', 'admin', 'store_manager', 'pharmacist', 'auditor'],
  // Pharmacists review; managers, owners and admins watch the queue (the API lets only pharmacists decide).
  prescriptions: ['owner', 'admin', 'store_manager', 'pharmacist'],
  // Whoever stands at the counter takes in the customer's prescription.
  'prescriptions/upload': ['owner', 'admin', 'store_manager', 'pharmacist', 'cashier'],
  registers: ['owner', 'admin', 'store_manager', 'pharmacist', 'auditor'],
  // Suppliers are the chain's master data; store staff who buy only read them.
  'suppliers/edit': ['owner', 'admin'],
  'purchase-orders/edit': ['owner', 'admin', 'store_manager', 'pharmacist'],
  // Approving orders and mismatched invoices, recording invoices and settling credit notes: managers, not pharmacists.
  'purchase-orders/approve': ['owner', 'admin', 'store_manager'],
  // Customer returns are taken at the counter of the store that sold; auditors only read them.
  'returns/create': ['owner', 'admin', 'store_manager', 'pharmacist', 'cashier'],
  'supplier-returns/create': ['owner', 'admin', 'store_manager', 'pharmacist'],
  'supplier-returns/settle': ['owner', 'admin', 'store_manager'],
  'products/import': ['owner', 'admin'],
  users: ['owner', 'admin'],
  stores: ['owner', 'admin'],
  plugins: ['owner', 'admin'],
  'audit-logs': ['owner', 'admin', 'auditor'],
  branding: ['owner'],
  'products/edit': ['owner', 'admin'],
  'users/edit': ['owner', 'admin'],
  'stores/edit': ['owner', 'admin'],
} as const satisfies Record<string, readonly string[]>;

export type Screen = keyof typeof SCREEN_ROLES;

export function canOpen(screen: Screen, roles: readonly string[] | undefined): boolean {
  return Boolean(roles?.some((r) => (SCREEN_ROLES[screen] as readonly string[]).includes(r)));
}

/**
 * Whether the roles may create, edit or delete a resource's records, for react-admin's `canAccess` (which hides
 * Create buttons and edit links). Resources without a `<name>/edit` screen are left to the API to refuse.
 */
export function canChange(resource: string, roles: readonly string[] | undefined): boolean {
  const screen = `${resource}/edit`;
  return screen in SCREEN_ROLES ? canOpen(screen as Screen, roles) : true;
}

export const ROLE_LABELS: Record<string, string> = {
  owner: 'owner',
  admin: 'administrator',
  store_manager: 'store manager',
  pharmacist: 'pharmacist',
  cashier: 'cashier',
  auditor: 'auditor',
};
