import type { PluginTenant } from '../context.js';
import type { LogFields, PluginLogger } from '../logger.js';

const COUNTRY_DEFAULTS: Record<string, Pick<PluginTenant, 'currency' | 'timezone'>> = {
  IN: { currency: 'INR', timezone: 'Asia/Kolkata' },
  KE: { currency: 'KES', timezone: 'Africa/Nairobi' },
  US: { currency: 'USD', timezone: 'America/New_York' },
};

/** A tenant for plugin tests, with its country's currency and time zone. */
export function testTenant(country: string, overrides: Partial<PluginTenant> = {}): PluginTenant {
  const defaults = COUNTRY_DEFAULTS[country];
  if (!defaults) throw new Error(`No test tenant defaults for ${country}`);
  const slug = overrides.slug ?? `test-${country.toLowerCase()}`;
  return { id: `00000000-0000-4000-8000-${country === 'KE' ? '000000000254' : '000000000091'}`, slug, country, ...defaults, ...overrides };
}

/** A second tenant like `tenant`, for checking that one tenant never sees another's data. */
export function otherTenant(tenant: PluginTenant): PluginTenant {
  return { ...tenant, id: `${tenant.id.slice(0, -4)}beef`, slug: `${tenant.slug}-other` };
}

export interface LogEntry {
  level: keyof PluginLogger;
  message: string;
  fields?: LogFields;
}

/** A logger that keeps what it is told, to assert on (no secret in any entry, a warning was given). */
export function recordingLogger(): PluginLogger & { entries: LogEntry[] } {
  const entries: LogEntry[] = [];
  const record = (level: keyof PluginLogger) => (message: string, fields?: LogFields) => {
    entries.push({ level, message, fields });
  };
  return { entries, debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
}
