import { DEFAULT_UNRECEIVED_CANCEL_AFTER_DAYS } from '@dawa/workflows';
import type { TenantScope } from '../common/tenant-scope.js';

/** The purchasing rules a chain can tune (tenant settings), with the defaults a new chain gets. */
export const PURCHASING_DEFAULTS = {
  /** Every order needs a manager's approval until the chain sets a threshold. */
  purchaseApprovalThreshold: 0,
  /** Distributors usually promise at least three months of shelf life on delivery. */
  minimumShelfLifeDays: 90,
  invoiceMatchTolerancePct: 1,
  unreceivedCancelAfterDays: DEFAULT_UNRECEIVED_CANCEL_AFTER_DAYS,
} as const;

export function purchasingSettings(scope: TenantScope) {
  const s = scope.tenant.settings;
  return {
    purchaseApprovalThreshold: s.purchaseApprovalThreshold ?? PURCHASING_DEFAULTS.purchaseApprovalThreshold,
    minimumShelfLifeDays: s.minimumShelfLifeDays ?? PURCHASING_DEFAULTS.minimumShelfLifeDays,
    invoiceMatchTolerancePct: s.invoiceMatchTolerancePct ?? PURCHASING_DEFAULTS.invoiceMatchTolerancePct,
    unreceivedCancelAfterDays: s.unreceivedCancelAfterDays ?? PURCHASING_DEFAULTS.unreceivedCancelAfterDays,
  };
}
