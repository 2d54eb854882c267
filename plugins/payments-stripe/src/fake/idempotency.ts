import type { FakeResponse } from '@dawa/plugin-sdk/fakes';
import { StripeApiError } from './api-errors.js';
import type { ParamObject } from './form-params.js';

interface SavedResult {
  path: string;
  params: string;
  requestId: string;
  response: FakeResponse;
}

/** Parameters in a canonical form, so the same request compares equal whatever order its fields came in. */
function canonical(value: unknown): string {
  if (typeof value !== 'object' || value === null) return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
}

const idempotencyError = (message: string) => new StripeApiError(400, { type: 'idempotency_error', message });

/**
 * Stripe's Idempotency-Key semantics: the first result of a key is saved and replayed for the same endpoint and
 * parameters (with `Idempotent-Replayed: true`); the same key on another endpoint or with other parameters is an
 * idempotency_error. Requests refused for their parameters save nothing, since the endpoint never started.
 */
export class IdempotencyKeys {
  private readonly saved = new Map<string, SavedResult>();

  /** The saved answer for this key, or undefined when the request is to run. */
  replay(key: string, path: string, params: ParamObject, requestId: string): FakeResponse | undefined {
    if (key.length > 255)
      throw new StripeApiError(
        400,
        { type: 'invalid_request_error', message: 'Idempotency keys can be no longer than 255 characters.' },
        true,
      );
    const saved = this.saved.get(key);
    if (!saved) return undefined;
    if (saved.path !== path)
      throw idempotencyError(
        `Keys for idempotent requests can only be used for the same endpoint they were first used for ('${path}' vs '${saved.path}'). Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    if (saved.params !== canonical(params))
      throw idempotencyError(
        `Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '${key}' if you meant to execute a different request.`,
      );
    return {
      ...saved.response,
      headers: { ...saved.response.headers, 'request-id': requestId, 'idempotent-replayed': 'true', 'original-request': saved.requestId },
    };
  }

  save(key: string, path: string, params: ParamObject, requestId: string, response: FakeResponse): void {
    this.saved.set(key, { path, params: canonical(params), requestId, response });
  }
}
