import type { CustomerAction } from '@dawa/plugin-sdk';
import type { PublicUrl } from '../common/public-url.js';

export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled';

/** A `payment` row as the database returns it. */
export interface PaymentRow {
  id: string;
  sale_id: string | null;
  order_id: string | null;
  store_id: string;
  plugin: string;
  method: string;
  amount: string;
  currency: string;
  status: PaymentStatus;
  provider_ref: string | null;
  provider_payment_id: string | null;
  payer_phone_sealed: string | null;
  customer_action: CustomerAction | null;
  failure: { code: string; message: string } | null;
  flagged_reason: string | null;
  idempotency_key: string | null;
  request_hash: string | null;
  created_by: string | null;
  created_at: Date;
  updated_at: Date;
  settled_at: Date | null;
}

/** The payment as the API shows it: never the payer's phone, nor idempotency internals. */
export function paymentView(row: PaymentRow) {
  return {
    id: row.id,
    saleId: row.sale_id,
    orderId: row.order_id,
    storeId: row.store_id,
    plugin: row.plugin,
    method: row.method,
    amount: Number(row.amount),
    currency: row.currency,
    status: row.status,
    providerRef: row.provider_ref,
    providerPaymentId: row.provider_payment_id,
    action: row.customer_action,
    failure: row.failure,
    /** Set when a provider event contradicted this payment (wrong amount or phone, paid after it was settled). */
    flaggedReason: row.flagged_reason,
    createdAt: new Date(row.created_at),
    settledAt: row.settled_at ? new Date(row.settled_at) : null,
  };
}

/**
 * A phone number as digits with its country code, so the number the cashier typed (0712 345 678, +254712345678) and
 * the one a vendor reports (254712345678) compare equal.
 */
export function phoneDigits(phone: string, country: string): string {
  const digits = phone.replace(/\D/g, '');
  const code = COUNTRY_CALLING_CODES[country];
  if (code && phone.trim().startsWith('0')) return code + digits.replace(/^0+/, '');
  return digits;
}

const COUNTRY_CALLING_CODES: Record<string, string> = { IN: '91', KE: '254' };

/** Where a plugin's vendor calls back for a tenant: the webhook ingress (the plugin adds its path token, if any). */
export function webhookUrl(publicUrl: PublicUrl, tenantSlug: string, plugin: string): string {
  return `${publicUrl.base()}/api/v1/webhooks/${tenantSlug}/${plugin}`;
}
