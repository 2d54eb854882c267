export type LogFields = Record<string, unknown>;

/** What a plugin logs through; the host binds it to its own logger with the tenant and plugin name attached. */
export interface PluginLogger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

const ignore = () => undefined;
export const silentLogger: PluginLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

function scrub(value: unknown, secrets: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return secrets.reduce((text, secret) => text.replaceAll(secret, '[redacted]'), value);
  if (depth > 8 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: scrub(value.message, secrets) };
  if (Array.isArray(value)) return value.map((item) => scrub(item, secrets, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, scrub(item, secrets, depth + 1)]));
}

/**
 * Wraps a logger so that the tenant's secret config values never reach the log, even when a plugin logs a vendor
 * request or an error message that echoes a key.
 */
export function scrubbingLogger(logger: PluginLogger, secrets: readonly string[]): PluginLogger {
  if (!secrets.length) return logger;
  const wrap =
    (level: keyof PluginLogger) =>
    (message: string, fields?: LogFields): void =>
      logger[level](scrub(message, secrets) as string, fields && (scrub(fields, secrets) as LogFields));
  return { debug: wrap('debug'), info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}
