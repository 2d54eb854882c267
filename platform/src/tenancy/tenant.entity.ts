import { defineEntity, type InferEntity } from '@mikro-orm/core';

export type TenantStatus = 'provisioning' | 'active' | 'suspended';

/** Per-tenant switches a chain's owner controls. */
export interface TenantSettings {
  /** Owners and admins must use TOTP to log in. */
  mfaRequiredForAdmins?: boolean;
  /** Batches expiring within this many days are not sold or sent without a pharmacist's override (default 30). */
  doNotSellWithinDays?: number;
  /** Month (1-12) the financial year starts; invoice numbers restart then (default: IN April, KE January). */
  financialYearStartMonth?: number;
  /** Days an approved prescription stays valid from its issue date (default 30, the usual H/POM window). */
  prescriptionValidityDays?: number;
  /** Purchase orders whose total (minor units) is above this need a manager's approval; at or below, they are approved on submit (default 0: every order is approved). */
  purchaseApprovalThreshold?: number;
  /** Goods received must have at least this many days of shelf life left (default 90). */
  minimumShelfLifeDays?: number;
  /** How far (percent) a supplier's invoiced price or tax may differ from the order before the match is flagged (default 1). */
  invoiceMatchTolerancePct?: number;
  /** Days after an order is sent that its unreceived quantities are cancelled (default 14; fractions allowed: 0.5 is 12 hours). */
  unreceivedCancelAfterDays?: number;
}

export const TenantEntity = defineEntity({
  name: 'Tenant',
  tableName: 'tenant',
  schema: 'public',
  properties: (p) => ({
    id: p.uuid().primary(),
    slug: p.string(),
    name: p.string(),
    country: p.string(),
    currency: p.string(),
    timezone: p.string(),
    status: p.string().$type<TenantStatus>(),
    schemaName: p.string(),
    settings: p.json<TenantSettings>(),
    branding: p.json<Record<string, unknown>>(),
    plan: p.string(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  }),
});

export type Tenant = InferEntity<typeof TenantEntity>;
