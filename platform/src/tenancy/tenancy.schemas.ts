import { z } from 'zod';
import { email, password, text } from '../common/validation.js';
import { pluginSettingInput } from '../plugins/plugins.schemas.js';
import { SLUG_PATTERN } from './tenant-resolver.js';

/** Currencies and time zones we know each supported country's defaults for. */
export const COUNTRY_DEFAULTS: Record<string, { currency: string; timezone: string }> = {
  IN: { currency: 'INR', timezone: 'Asia/Kolkata' },
  KE: { currency: 'KES', timezone: 'Africa/Nairobi' },
  US: { currency: 'USD', timezone: 'America/New_York' },
};

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const tenantSettings = z.strictObject({
  mfaRequiredForAdmins: z.boolean().optional(),
  doNotSellWithinDays: z.number().int().min(0).max(365).optional(),
  financialYearStartMonth: z.number().int().min(1).max(12).optional(),
  prescriptionValidityDays: z.number().int().min(1).max(365).optional(),
  prescriptionEscalateAfterMinutes: z.number().int().min(1).max(1440).optional(),
  prescriptionExpireAfterHours: z.number().int().min(1).max(720).optional(),
  purchaseApprovalThreshold: z.number().int('must be whole minor units').min(0).max(100_000_000_000).optional(),
  minimumShelfLifeDays: z.number().int().min(0).max(1825).optional(),
  invoiceMatchTolerancePct: z.number().min(0).max(20).multipleOf(0.01).optional(),
  unreceivedCancelAfterDays: z.number().positive().max(365).optional(),
});

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour such as #0f766e');

/** How the chain's back office looks; the admin console themes itself from this. */
export const tenantBranding = z.strictObject({
  primaryColor: colour.optional(),
  accentColor: colour.optional(),
  logoUrl: z
    .url({ protocol: /^https?$/ })
    .max(500)
    .optional(),
});

/** A catalogue file sent inline, in one of the product import's formats (docs/catalogue-import.md). */
export const catalogueFileInput = z.strictObject({
  contentType: z.enum(['text/csv', 'text/tab-separated-values'], { message: 'must be text/csv or text/tab-separated-values' }),
  content: z.string().min(1, 'is required'),
});

/** Catalogue files to import while provisioning, in order (a chain's own list, then a public drug list, say). */
export const catalogueInput = z.array(catalogueFileInput).max(5, 'at most 5 files');

export const provisionTenantInput = z.strictObject({
  slug: z.string().trim().regex(SLUG_PATTERN, 'must start with a letter and use 3-40 lowercase letters, digits or dashes'),
  name: text(120).pipe(z.string().min(1, 'is required')),
  country: z.enum(Object.keys(COUNTRY_DEFAULTS) as [string, ...string[]], {
    message: `must be one of ${Object.keys(COUNTRY_DEFAULTS).join(', ')}`,
  }),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as INR')
    .optional(),
  timezone: z.string().refine(isTimeZone, 'must be an IANA time zone such as Asia/Kolkata').optional(),
  settings: tenantSettings.optional(),
  branding: tenantBranding.optional(),
  owner: z.strictObject({ email: email(), name: text(120).pipe(z.string().min(1, 'is required')), password: password() }),
  catalogue: catalogueInput.optional(),
});

export type ProvisionTenantInput = z.infer<typeof provisionTenantInput>;

/**
 * Resuming a failed provisioning. `plugins` replaces the named plugins' settings in the pending request (the fix for
 * a plugins step that failed on a setting); the others are kept. `catalogue` replaces the catalogue files (the fix
 * for a catalogue step that failed on a row); an empty list drops the catalogue.
 */
export const retryProvisioningInput = z.strictObject({
  plugins: z.record(z.string(), pluginSettingInput).optional(),
  catalogue: catalogueInput.optional(),
});

export type RetryProvisioningInput = z.infer<typeof retryProvisioningInput>;
