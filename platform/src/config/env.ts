import { z } from 'zod';

/**
 * Every setting the platform reads from the environment, validated once at boot. A bad value stops the process
 * with a message that names the variable, never with a stack trace.
 */
const optionalUrl = (protocols: string[]) =>
  z
    .string()
    .trim()
    .refine((v) => protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    })
    .optional();

const secret = z.string().min(32, 'must be at least 32 characters');

/** `payments-mpesa=http://127.0.0.1:4010,sms-twilio=http://127.0.0.1:4020`: where a plugin's vendor API really is. */
const pluginBaseUrls = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const urls: Record<string, string> = {};
    for (const entry of value
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean)) {
      const match = /^([a-z0-9][a-z0-9-]*)=(https?:\/\/\S+)$/.exec(entry);
      if (!match) {
        ctx.addIssue({ code: 'custom', message: `"${entry}" must look like plugin-name=http://host:port` });
        return z.NEVER;
      }
      urls[match[1]] = match[2];
    }
    return urls;
  });

export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  DATABASE_URL: optionalUrl(['postgres', 'postgresql']),
  DATABASE_POOL_MAX: z.coerce.number().int().min(2).max(500).default(20),
  REDIS_URL: optionalUrl(['redis', 'rediss']),
  /** The Temporal frontend (`host:port`); when unset outside production the Temporal CLI dev server is started. */
  TEMPORAL_ADDRESS: z
    .string()
    .trim()
    .regex(/^[\w.-]+:\d{1,5}$/, 'must be host:port, such as temporal.internal:7233')
    .optional(),
  TEMPORAL_NAMESPACE: z.string().trim().min(1).default('default'),
  /** The task queue Dawa's workers poll and its workflows are started on. */
  DAWA_TEMPORAL_TASK_QUEUE: z.string().trim().min(1).default('dawa'),
  /** Ports of the dev server `npm start` runs when TEMPORAL_ADDRESS is unset (frontend, web UI). */
  /** The API process (`main.js`) also runs a Temporal worker: one process for small deployments and benchmarks. */
  DAWA_RUN_WORKER: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  DAWA_TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  DAWA_TEMPORAL_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  /**
   * How long one minute of the SLA timers (prescription review: escalate, expire) lasts, in ms. Production leaves the
   * default; tests and demos shorten it to see the timers fire with the tenant's settings as they are.
   */
  DAWA_SLA_MINUTE_MS: z.coerce.number().int().min(1).max(60_000).default(60_000),
  /** How often a worker sweeps for workflows whose start was lost while Temporal was unreachable (it also sweeps at start). */
  DAWA_WORKFLOW_RECOVERY_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  /** Namespaces every Redis key, so several deployments (or test runs) can share one Redis. */
  DAWA_REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[a-z0-9:_-]{1,40}$/i, 'must be 1-40 letters, digits, colons, dashes or underscores')
    .default('dawa'),
  DAWA_DATA_DIR: z.string().optional(),
  /** Extra plugin modules to load besides the installed @dawa/* plugin packages (comma-separated file paths). */
  DAWA_PLUGIN_PATHS: z.string().default(''),
  /** Points plugins' HTTP clients at their fakes or sandboxes instead of the vendors (comma-separated name=URL). */
  DAWA_PLUGIN_BASE_URLS: pluginBaseUrls,
  DAWA_JWT_SECRET: secret.optional(),
  DAWA_ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'must be 64 hex characters (a 256-bit key)')
    .optional(),
  DAWA_OPERATOR_EMAIL: z.email('must be an email address').optional(),
  DAWA_OPERATOR_PASSWORD: z.string().min(12, 'must be at least 12 characters').optional(),
  DAWA_CORS_ORIGINS: z.string().default('*'),
  /** The admin console's static export (admin-console/out); when set, the API process serves it too. */
  DAWA_CONSOLE_DIR: z.string().min(1).optional(),
  DAWA_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  /** Catalogue files (text/csv, text/tab-separated-values) are streamed to disk and may be larger than other bodies. */
  DAWA_IMPORT_BODY_LIMIT_BYTES: z.coerce.number().int().min(1024).default(52_428_800),
  /** The largest file a user may upload (prescription scans, documents); larger uploads are refused with 413. */
  DAWA_FILE_MAX_BYTES: z.coerce.number().int().min(1024).default(10_485_760),
  /**
   * Where clients and vendors reach the API: links it hands out (signed file URLs), callback URLs given to payment
   * vendors and URL signatures (Twilio). By default the address it listens on.
   */
  DAWA_PUBLIC_URL: optionalUrl(['http', 'https']),
  DAWA_AUTH_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
  DAWA_AUTH_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).default(60),
  DAWA_TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function parseEnv(source: NodeJS.ProcessEnv): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`));
  }
  const env = result.data;
  if (env.NODE_ENV === 'production') {
    const missing = (['DATABASE_URL', 'DAWA_JWT_SECRET', 'DAWA_ENCRYPTION_KEY', 'TEMPORAL_ADDRESS'] as const).filter((k) => !env[k]);
    if (missing.length) throw new ConfigError(missing.map((k) => `${k}: is required when NODE_ENV=production`));
  }
  if (Boolean(env.DAWA_OPERATOR_EMAIL) !== Boolean(env.DAWA_OPERATOR_PASSWORD)) {
    throw new ConfigError(['DAWA_OPERATOR_EMAIL and DAWA_OPERATOR_PASSWORD: set both or neither']);
  }
  return env;
}
