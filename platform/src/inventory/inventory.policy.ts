import type { AbilityRules } from '../access/ability.js';
import type { Actor } from '../access/actor.js';

/**
 * Stock belongs to stores. Tenant-wide roles see all of it (owners and admins also change it); store roles see and
 * act only in their stores: anyone there reads stock, pharmacists and managers receive goods and adjust counts,
 * managers send transfers and pharmacists or managers receive them. Conditions name the record's `storeId` (for
 * transfers `fromStoreId` / `toStoreId`) so lists filter in SQL.
 */
export function inventoryPolicy({ can }: AbilityRules, actor: Actor): void {
  const here = { storeId: { $in: actor.storeIds } };
  for (const role of actor.roles) {
    switch (role) {
      case 'owner':
      case 'admin':
        can('manage', ['Stock', 'StockMovement', 'StockReceipt', 'StockAdjustment', 'Transfer', 'Report']);
        break;
      case 'auditor':
        can('read', ['Stock', 'StockMovement', 'Transfer', 'Report']);
        break;
      case 'store_manager':
        can('read', ['Stock', 'StockMovement', 'Report'], here);
        can('create', ['StockReceipt', 'StockAdjustment'], here);
        can('read', 'Transfer', { fromStoreId: { $in: actor.storeIds } });
        can('read', 'Transfer', { toStoreId: { $in: actor.storeIds } });
        can('create', 'Transfer', { fromStoreId: { $in: actor.storeIds } });
        can('update', 'Transfer', { toStoreId: { $in: actor.storeIds } });
        break;
      case 'pharmacist':
        can('read', ['Stock', 'StockMovement'], here);
        can('create', ['StockReceipt', 'StockAdjustment'], here);
        can('read', 'Transfer', { toStoreId: { $in: actor.storeIds } });
        can('update', 'Transfer', { toStoreId: { $in: actor.storeIds } });
        break;
      case 'cashier':
        can('read', 'Stock', here);
        break;
    }
  }
}
