import { AbilityBuilder, createMongoAbility, subject, type ForcedSubject, type MongoAbility } from '@casl/ability';

export type Action = 'manage' | 'create' | 'read' | 'update' | 'delete';
/** Every kind of thing a rule can be about; a module adding a resource adds its subject here and its policy file. */
export const SUBJECTS = [
  'Store',
  'User',
  'AuditLog',
  'TenantSettings',
  'Product',
  'ImportJob',
  'Stock',
  'StockMovement',
  'StockReceipt',
  'StockAdjustment',
  'Transfer',
  'Report',
  'Plugin',
  'Sale',
  'SaleReturn',
  'Prescription',
  'Register',
  'CashSession',
  'Notification',
  'NotificationTemplate',
  'NotificationOptOut',
  'OutboxEvent',
  'Webhook',
  'Payment',
  'Supplier',
  'PurchaseOrder',
  'PurchaseApproval',
  'GoodsReceipt',
  'SupplierInvoice',
  'SupplierReturn',
  'ReorderSuggestion',
] as const;
export type SubjectName = (typeof SUBJECTS)[number] | 'all';
type RecordOf<T extends SubjectName> = ForcedSubject<T> & Record<string, unknown>;
type AnyRecord = { [K in (typeof SUBJECTS)[number]]: RecordOf<K> }[(typeof SUBJECTS)[number]];

/**
 * Conditions are written in the entity's own property names so the same rule both checks a loaded record and
 * becomes the SQL filter of a list (see `accessibleWhere`).
 */
export type AppAbility = MongoAbility<[Action, SubjectName | AnyRecord]>;
export type AbilityRules = AbilityBuilder<AppAbility>;

export function newAbilityBuilder(): AbilityRules {
  return new AbilityBuilder<AppAbility>(createMongoAbility);
}

export function buildAbility(builder: AbilityRules): AppAbility {
  return builder.build();
}

/** Marks a plain record with its subject type for a single-record check. */
export function asSubject(type: Exclude<SubjectName, 'all'>, record: Record<string, unknown>): AnyRecord {
  return subject(type, { ...record }) as AnyRecord;
}
