import type { AbilityRules } from '../access/ability.js';
import type { Actor } from '../access/actor.js';

/**
 * Purchasing. Suppliers are the chain's master data: owners and admins keep them; store staff who buy read them.
 * Orders, receipts, invoices and returns belong to a store, so store roles act only in their stores (conditions name
 * `storeId` so lists filter in SQL): pharmacists draft and submit orders, receive goods and return batches; store
 * managers do that and also approve orders above the threshold and mismatched invoices, record supplier invoices,
 * settle credit notes and run reorder suggestions. Auditors read everything.
 */
export function purchasingPolicy({ can }: AbilityRules, actor: Actor): void {
  const here = { storeId: { $in: actor.storeIds } };
  for (const role of actor.roles) {
    switch (role) {
      case 'owner':
      case 'admin':
        can('manage', [
          'Supplier',
          'PurchaseOrder',
          'PurchaseApproval',
          'GoodsReceipt',
          'SupplierInvoice',
          'SupplierReturn',
          'ReorderSuggestion',
        ]);
        break;
      case 'auditor':
        can('read', ['Supplier', 'PurchaseOrder', 'GoodsReceipt', 'SupplierInvoice', 'SupplierReturn', 'ReorderSuggestion']);
        break;
      case 'store_manager':
        can('read', 'Supplier');
        can(['create', 'read', 'update'], 'PurchaseOrder', here);
        can('create', ['PurchaseApproval', 'GoodsReceipt', 'SupplierInvoice', 'ReorderSuggestion'], here);
        can('read', ['GoodsReceipt', 'SupplierInvoice', 'ReorderSuggestion'], here);
        can(['create', 'read', 'update'], 'SupplierReturn', here);
        break;
      case 'pharmacist':
        can('read', 'Supplier');
        can(['create', 'read', 'update'], 'PurchaseOrder', here);
        can(['create', 'read'], ['GoodsReceipt', 'SupplierReturn'], here);
        can('read', ['SupplierInvoice', 'ReorderSuggestion'], here);
        break;
    }
  }
}
