import type { AbilityRules } from '../access/ability.js';
import type { Actor } from '../access/actor.js';
import type { RoleName } from '../access/roles.js';

/** Roles that work with the patient in front of them and so see patient name, phone and address in clear. */
export const PATIENT_DATA_ROLES: readonly RoleName[] = ['pharmacist', 'store_manager', 'owner', 'admin'];

export function maySeePatientData(actor: Actor | undefined): boolean {
  return !actor || actor.roles.some((r) => PATIENT_DATA_ROLES.includes(r));
}

/**
 * Who may free a prescription another pharmacist claimed and left: a manager of its store, or an owner or admin.
 * (The claimer may always release their own claim.)
 */
export function mayReleaseClaim(actor: Actor, storeId: string): boolean {
  return (
    actor.roles.some((r) => r === 'owner' || r === 'admin') || (actor.roles.includes('store_manager') && actor.storeIds.includes(storeId))
  );
}

/**
 * Anyone at a store's counter may record the prescription a customer brings; only a pharmacist of that store reviews
 * it (claim, approve, reject, ask the customer for more: the `update` action). Owners and admins record and read everywhere, auditors read.
 * Who sees patient fields unmasked is `maySeePatientData`.
 */
export function prescriptionsPolicy({ can }: AbilityRules, actor: Actor): void {
  const here = { storeId: { $in: actor.storeIds } };
  for (const role of actor.roles) {
    switch (role) {
      case 'owner':
      case 'admin':
        can(['create', 'read'], 'Prescription');
        break;
      case 'auditor':
        can('read', 'Prescription');
        break;
      case 'store_manager':
      case 'cashier':
        can(['create', 'read'], 'Prescription', here);
        break;
      case 'pharmacist':
        can(['create', 'read', 'update'], 'Prescription', here);
        break;
    }
  }
}
